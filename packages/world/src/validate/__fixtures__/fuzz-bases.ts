import fixture from '../../__fixtures__/mini-household.json'
import { readAgentboard } from '../../pddl/__fixtures__/agentboard'
import { importPddl } from '../../pddl/convert'
import { agentboardVerbaliser } from '../../pddl/verbalise'
import type { FuzzBase } from '../fuzz'

/** The mini-household world and three small AgentBoard problems, as plain JSON. */
export function fuzzBases(): FuzzBase[] {
  const pddl = (domain: 'blockworld' | 'gripper' | 'tyreworld', file: string): FuzzBase => ({
    name: `${domain}/${file}`,
    spec: JSON.parse(
      JSON.stringify(
        importPddl(readAgentboard(domain, 'domain.pddl'), readAgentboard(domain, file), {
          verbaliser: agentboardVerbaliser(domain),
        }),
      ),
    ),
  })
  return [
    { name: 'mini-household', spec: fixture },
    pddl('blockworld', 'problem1.pddl'),
    pddl('gripper', 'prob01.pddl'),
    pddl('tyreworld', 'p01.pddl'),
  ]
}
