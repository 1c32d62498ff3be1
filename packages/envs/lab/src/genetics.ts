import type { WorldBuilder } from './builder'
import { PEA_TRAITS, PLANT_STAGES, type Trait, UNKNOWN_PLANTS } from './catalog'
import { above, all, any, fact } from './dsl'
import { type Stage, sg, type TaskGoal } from './task'

/** Growth at which a plant reaches a life stage. */
const stageAt = (name: string) => PLANT_STAGES.find(([n]) => n === name)![1]

/** ScienceWorld's answer-box colour pairs: the dominant box, then the recessive one. */
const BOX_PAIRS = [
  ['red', 'green'],
  ['green', 'blue'],
  ['blue', 'orange'],
] as const

/**
 * ScienceWorld's Mendelian-genetics tasks. The seed jar in the greenhouse holds two seeds of
 * one plant that differ in a trait: one true-breeding for the dominant value (two dominant
 * alleles), one for the recessive value. Planted in the greenhouse's flower pots (which water
 * themselves: ScienceWorld's selfWateringFlowerPots), they grow to the reproducing stage;
 * with the bee hive open, the bees cross-pollinate them and each drops a seed. The offspring
 * carry one allele of each kind, so they show the dominant value: seed traits on the seed,
 * the others once it is grown. Only the focus on the right answer box counts.
 */
export function mendelianGenetics(which: 'known' | 'unknown') {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const plant =
      which === 'known'
        ? { name: 'pea', traits: PEA_TRAITS }
        : UNKNOWN_PLANTS[variation % UNKNOWN_PLANTS.length]!
    // Variations run through every plant, trait and question (dominant or recessive value).
    const traitIndex =
      which === 'known'
        ? Math.floor(variation / 2) % plant.traits.length
        : Math.floor(variation / UNKNOWN_PLANTS.length) % plant.traits.length
    const trait: Trait = plant.traits[traitIndex]!
    const askDominant =
      which === 'known'
        ? variation % 2 === 0
        : (variation + Math.floor(variation / (UNKNOWN_PLANTS.length * 3))) % 2 === 0
    const value = askDominant ? trait.dominant : trait.recessive
    const [domColour, recColour] = BOX_PAIRS[b.rng.int(0, BOX_PAIRS.length - 1)]!

    const jar = b.add('seed_jar', 'seed jar', b.spot('greenhouse'), {
      roles: ['container', 'portable'],
    })
    const seedName = `${plant.name} seed`
    const id = `${plant.name.replace(/ /g, '_')}_seed`
    const genetic = ['seed', 'living', 'plant', 'portable', 'genetic'] as const
    const parents = b.rng
      .shuffle([2, 0])
      .map((allele) =>
        b.add(id, seedName, jar, { roles: genetic, attrs: { growth: 0, allele } }),
      ) as [string, string]
    // Each parent's seed-to-be: nowhere until the bees have pollinated the parent.
    const children = parents.map((parent) => {
      const child = b.add(id, seedName, null, { roles: genetic, attrs: { growth: 0, allele: 1 } })
      b.facts.push(['offspring', child, parent])
      return child
    }) as [string, string]
    for (let i = 0; i < 3; i++) {
      const pot = b.add('flower_pot', 'flower pot', 'greenhouse', {
        roles: ['container', 'flowerpot', 'portable'],
      })
      b.add('soil', 'soil', pot, { roles: ['soil'] })
      b.add('water', 'water', pot, {
        roles: ['substance', 'water'],
        attrs: { temp: 20, mp: 0, bp: 100 },
      })
    }
    const hive = b.add('bee_hive', 'bee hive', 'greenhouse', {
      roles: ['container', 'openable', 'beehive'],
    })
    b.add('adult_bee', 'adult bee', hive, { roles: ['living', 'animal'] })
    const domBox = b.add(`${domColour}_box`, `${domColour} box`, b.spot('greenhouse'), {
      roles: ['container', 'portable'],
    })
    const recBox = b.add(`${recColour}_box`, `${recColour} box`, b.spot('greenhouse'), {
      roles: ['container', 'portable'],
    })
    const right = askDominant ? domBox : recBox
    const success = fact('focused', right)

    const reproducing = stageAt('reproducing')
    const shownAt = trait.shows === 'seed' ? 0 : stageAt(trait.shows)
    const [child] = children
    const seen: Stage[] =
      trait.shows === 'seed'
        ? [{ look: child }]
        : [
            { reach: fact('growing', child) },
            { wait: above(child, 'growth', shownAt) },
            { look: child },
          ]
    return {
      instruction: `Your task is to determine whether ${value} ${trait.name} is a dominant or recessive trait in the ${plant.name} plant. If the trait is dominant, focus on the ${domColour} box. If the trait is recessive, focus on the ${recColour} box.`,
      success,
      subgoals: [
        sg('greenhouse', fact('at', 'greenhouse'), undefined, true),
        sg('plant-1', fact('growing', parents[0])),
        sg('plant-2', fact('growing', parents[1])),
        sg('reproducing', all(...parents.map((p) => above(p, 'growth', reproducing))), [
          'plant-1',
          'plant-2',
        ]),
        sg('pollinated', any(...parents.map((p) => fact('pollinated', p))), ['reproducing']),
        ...(trait.shows === 'seed'
          ? []
          : [
              sg('offspring-planted', any(...children.map((c) => fact('growing', c))), [
                'pollinated',
              ]),
              sg('offspring-grown', any(...children.map((c) => above(c, 'growth', shownAt))), [
                'offspring-planted',
              ]),
            ]),
        sg('focus', success),
      ],
      focus: { allowed: [right], order: [] },
      fail: [],
      stages: [
        // One thing at a time: growing plants make every state new, so a search for all three
        // at once drowns in orders and pots that do the same.
        { reach: fact('growing', parents[0]) },
        { reach: all(fact('growing', parents[0]), fact('growing', parents[1])) },
        {
          reach: all(
            fact('growing', parents[0]),
            fact('growing', parents[1]),
            fact('opened', hive),
          ),
        },
        { wait: all(fact('pollinated', parents[0]), fact('pollinated', parents[1])) },
        ...seen,
        { reach: success },
      ],
      trait,
      planWith: ['go', 'move', 'open', 'wait', 'focus'],
    }
  }
}
