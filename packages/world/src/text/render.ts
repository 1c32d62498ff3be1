import type { WorldEngine } from '../engine/engine'
import { Resolver, Scope } from '../engine/resolve'
import { specError } from '../engine/state'
import type { Text } from '../spec'
import { compileText } from './compile'

/**
 * Renders a Text of the WorldSpec language on an engine's current state. `bindings` maps
 * variable names (without `?`) to entity ids: `renderText(engine, 'You see {a o}.', { o: 'apple_1' })`.
 */
export function renderText(
  engine: WorldEngine,
  text: Text,
  bindings: Readonly<Record<string, string>> = {},
): string {
  const world = engine.world
  const resolver = new Resolver(world)
  const scope = Scope.root()
  const names = Object.keys(bindings).sort()
  const state = engine.state
  const slots = names.map((name) => {
    const id = bindings[name]!
    const e = state.ents.list.findIndex((info, i) => info.id === id && state.ents.alive[i] === 1)
    if (e < 0) throw specError(`Unknown entity '${id}' bound to '${name}'.`, `bindings.${name}`)
    return { slot: scope.declare(name, state.ents.list[e]!.type).slot, entity: e }
  })
  const compiled = compileText(text, resolver, scope, 'text')
  const env = new Int32Array(Math.max(1, scope.size))
  for (const { slot, entity } of slots) env[slot] = entity
  return compiled(state, env, engine.renderContext)
}
