import type { WorldBuilder } from './builder'
import {
  ANIMAL_STAGES,
  ANIMALS,
  type AnimalId,
  BOX_COLOURS,
  CHEMISTRY,
  FRUIT_AT,
  OBJECTS,
  type ObjectId,
  PLANT_STAGES,
  PLANTS,
  type PlantId,
  type Room,
  SECONDARY_PAINTS,
  SUBSTANCES,
  type SubstanceId,
  TERTIARY_PAINTS,
} from './catalog'
import { above, all, any, fact } from './dsl'
import { inclinedPlane } from './forces'
import { mendelianGenetics } from './genetics'
import { box, type KindDef, ord, sg, type TaskGoal } from './task'

export type { KindDef, Stage, TaskGoal } from './task'

/** A substance in a container somewhere, at a temperature. */
function substance(
  b: WorldBuilder,
  kind: SubstanceId,
  options: { temp?: number; container?: string; at?: string; name?: string } = {},
): { s: string; c: string } {
  const info = SUBSTANCES[kind]
  const at = options.at ?? b.spot(b.room(['outside']))
  const c = b.add(
    options.container ?? 'glass_cup',
    (options.container ?? 'glass cup').replace(/_/g, ' '),
    at,
    {
      roles: ['container', 'portable'],
    },
  )
  const solidByDefault = (options.temp ?? 20) < info.mp
  const s = b.add(kind, options.name ?? info.name, c, {
    roles: [
      'substance',
      ...(solidByDefault ? (['portable'] as const) : []),
      ...(kind === 'water' ? (['water'] as const) : []),
    ],
    attrs: { temp: options.temp ?? 20, mp: info.mp, bp: info.bp },
    aliases: [
      ...('solid' in info && info.solid ? [info.solid] : []),
      ...('gas' in info && info.gas ? [info.gas] : []),
    ],
  })
  return { s, c }
}

function thermometer(b: WorldBuilder, room: Room): string {
  return b.add('thermometer', 'thermometer', b.spot(room), { roles: ['thermometer', 'portable'] })
}

/** Pot, stove heat and the freezer's cold, for the state-of-matter kinds. */
function stateChange(which: 'boil' | 'melt' | 'freeze' | 'change') {
  const lists: Record<typeof which, SubstanceId[]> = {
    boil: ['water', 'orange_juice', 'milk', 'apple_juice'],
    melt: ['water', 'chocolate', 'butter', 'wax'],
    freeze: ['water', 'orange_juice', 'apple_juice', 'milk'],
    change: ['lead', 'chocolate', 'water', 'tin'],
  }
  const names = {
    boil: 'boil',
    melt: 'melt',
    freeze: 'freeze',
    change: 'change the state of matter of',
  }
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const kind = lists[which][variation % lists[which].length]!
    const info = SUBSTANCES[kind]
    const frozen = which === 'melt' && kind === 'water'
    const metal = kind === 'lead' || kind === 'tin'
    const { s } = substance(b, kind, {
      temp: frozen ? -10 : 20,
      container: metal ? 'metal_pot' : which === 'boil' ? 'metal_pot' : 'glass_cup',
      at: frozen ? 'freezer' : metal ? 'table' : b.spot(b.room(['outside'])),
    })
    const shown = frozen ? 'ice' : info.name
    const heat = metal ? fact('smelting', s) : fact('warming', s)
    const changed =
      which === 'boil'
        ? fact('gas', s)
        : which === 'melt'
          ? fact('liquid', s)
          : which === 'freeze'
            ? fact('solid', s)
            : metal || kind === 'chocolate'
              ? fact('liquid', s)
              : any(fact('solid', s), fact('gas', s))
    const act = which === 'freeze' ? fact('cooling', s) : heat
    const success = all(fact('focused', s), changed)
    return {
      instruction: `Your task is to ${names[which]} ${shown}. ${which === 'boil' ? 'For compounds without a boiling point, combusting the substance is also acceptable. ' : ''}First, focus on the substance. Then, take actions that will cause it to change its state of matter.`,
      success,
      subgoals: [
        sg('focus', fact('focused', s)),
        sg(which === 'freeze' ? 'cool' : 'heat', act, ['focus']),
        sg('change', success),
      ],
      focus: { allowed: [s], order: [] },
      fail: [],
      stages: [{ reach: all(fact('focused', s), act) }, { wait: success }],
    }
  }
}

/** Measure a temperature and put the thing in the box the reading calls for. */
function useThermometer(b: WorldBuilder, variation: number): TaskGoal {
  const room = (['kitchen', 'workshop', 'hallway'] as const)[variation % 3]!
  const threshold = [50, 30, 10][variation % 3]!
  const hot = b.rng.int(0, 1) === 1
  const value = hot ? threshold + b.rng.int(15, 40) : threshold - b.rng.int(15, 40)
  const name = b.rng.pick(['unknown substance B', 'unknown substance A', 'unknown substance C'])
  const t = thermometer(b, room)
  const target = b.add('sample', name, b.spot(room), {
    roles: ['portable'],
    attrs: { temp: value },
  })
  const [c1, c2] = b.rng.sample([...BOX_COLOURS], 2) as [string, string]
  const above_ = box(b, c1, room)
  const below_ = box(b, c2, room)
  const right = hot ? above_ : below_
  const wrong = hot ? below_ : above_
  const success = all(fact('focused', t), fact('focused', target), fact('in', target, right))
  return {
    instruction: `Your task is to measure the temperature of ${name}, which is located around the ${room}. First, focus on the thermometer. Next, focus on the ${name}. If the ${name} temperature is above ${threshold}.0 degrees celsius, place it in the ${c1} box. If the ${name} temperature is below ${threshold}.0 degrees celsius, place it in the ${c2} box. The boxes are located around the ${room}.`,
    success,
    subgoals: [
      sg('focus-thermometer', fact('focused', t)),
      sg('focus-target', fact('focused', target), ['focus-thermometer']),
      sg('measure', fact('probed', target), ['focus-target'], true),
      sg('place', success),
    ],
    focus: { allowed: [t, target], order: ord(t, target) },
    fail: [fact('in', target, wrong)],
    stages: [
      { reach: fact('focused', t) },
      { reach: all(fact('focused', t), fact('focused', target)) },
      { reach: success },
    ],
  }
}

/** Find a melting (or boiling) point and focus on the box it calls for. */
function measurePoint(point: 'mp' | 'bp', known: boolean) {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const kinds: SubstanceId[] = ['chocolate', 'butter', 'wax', 'soap']
    const kind = kinds[variation % kinds.length]!
    const info = SUBSTANCES[kind]
    const name = known ? info.name : `unknown substance ${'ABCDEFGH'[b.rng.int(0, 7)]}`
    const value = known ? info[point] : point === 'mp' ? b.rng.int(25, 95) : b.rng.int(40, 110)
    const threshold = [value + b.rng.int(10, 30), value - b.rng.int(10, 20), value + 15][
      variation % 3
    ]!
    const room = (['kitchen', 'workshop', 'hallway'] as const)[variation % 3]!
    const t = thermometer(b, 'kitchen')
    const { s } = substance(b, kind, { at: b.spot(room), name, container: 'metal_pot' })
    const overrides = b.things.find((th) => th.id === s)!
    overrides.aliases = []
    overrides.attrs[point] = value
    if (point === 'bp') overrides.attrs.mp = Math.min(overrides.attrs.mp ?? 0, value - 20)
    const [c1, c2] = b.rng.sample([...BOX_COLOURS], 2) as [string, string]
    const hi = box(b, c1, room)
    const lo = box(b, c2, room)
    const right = value > threshold ? hi : lo
    const word = point === 'mp' ? 'melting' : 'boiling'
    const success = all(fact('focused', t), fact('focused', s), fact('focused', right))
    return {
      instruction: `Your task is to measure the ${word} point of ${name}, which is located around the ${room}. First, focus on the thermometer. Next, focus on the ${name}. If the ${word} point of ${name} is above ${threshold}.0 degrees celsius, focus on the ${c1} box. If the ${word} point of ${name} is below ${threshold}.0 degrees celsius, focus on the ${c2} box. The boxes are located around the ${room}.`,
      success,
      subgoals: [
        sg('focus-thermometer', fact('focused', t)),
        sg('focus-substance', fact('focused', s), ['focus-thermometer']),
        sg('heat', fact('warming', s), ['focus-substance'], true),
        sg('change', point === 'mp' ? fact('liquid', s) : fact('gas', s), ['heat'], true),
        sg('focus-box', success),
      ],
      focus: { allowed: [t, s, right], order: ord(t, s, right) },
      fail: [],
      stages: [
        { reach: fact('focused', t) },
        { reach: all(fact('focused', t), fact('focused', s)) },
        { reach: all(fact('focused', t), fact('focused', s), success) },
      ],
    }
  }
}

function circuitParts(b: WorldBuilder, room: Room): { battery: string } {
  const battery = b.add('battery', 'battery', b.spot(room), {
    roles: ['source', 'portable'],
    facts: [],
  })
  b.facts.push(['electrical', battery])
  return { battery }
}

function bulb(b: WorldBuilder, colour: string, room: Room): string {
  const id = b.add(`${colour}_bulb`, `${colour} light bulb`, b.spot(room), {
    roles: ['bulb', 'portable'],
  })
  b.facts.push(['electrical', id])
  return id
}

function powerComponent(renewable: boolean) {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const colour = (['red', 'green', 'blue'] as const)[variation % 3]!
    const room: Room = (['workshop', 'kitchen', 'hallway'] as const)[variation % 3]!
    const target = bulb(b, colour, room)
    bulb(b, colour === 'red' ? 'yellow' : 'red', room)
    const { battery } = circuitParts(b, room)
    const solar = b.add('solar_panel', 'solar panel', b.spot(room), {
      roles: ['source', 'renewable', 'portable'],
    })
    b.facts.push(['electrical', solar])
    const success = renewable
      ? all(fact('focused', target), fact('wired', target, solar), fact('powered', solar))
      : all(fact('focused', target), fact('lit', target))
    void battery
    return {
      instruction: renewable
        ? `Your task is to turn on the ${colour} light bulb by powering it using a renewable power source. First, focus on the ${colour} light bulb. Then, create an electrical circuit that powers it on.`
        : `Your task is to turn on the ${colour} light bulb. First, focus on the ${colour} light bulb. Then, create an electrical circuit that powers it on.`,
      success,
      subgoals: [
        sg('focus', fact('focused', target)),
        ...(renewable ? [sg('connect', fact('wired', target, solar), ['focus'])] : []),
        sg('lit', success),
      ],
      focus: { allowed: [target], order: [] },
      fail: [],
      stages: [{ reach: success }],
    }
  }
}

/** Classify a thing by a property (conductivity, magnetism) into one of two boxes. */
function classify(property: 'conductive' | 'magnetic', unknown: boolean) {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const pool = (Object.keys(OBJECTS) as ObjectId[]).filter(
      (o) => (variation % 2 === 0) === OBJECTS[o][property],
    )
    const kind = b.rng.pick(pool)
    const has = OBJECTS[kind][property]
    const name = unknown ? `unknown substance ${'ABCDEFGH'[b.rng.int(0, 7)]}` : OBJECTS[kind].name
    const room: Room = (['workshop', 'kitchen', 'hallway'] as const)[variation % 3]!
    const target = b.add('specimen', name, b.spot(room), {
      roles: OBJECTS[kind].conductive
        ? ['portable', 'conductive', ...(OBJECTS[kind].magnetic ? (['magnetic'] as const) : [])]
        : ['portable', ...(OBJECTS[kind].magnetic ? (['magnetic'] as const) : [])],
    })
    if (property === 'conductive') {
      const { battery } = circuitParts(b, room)
      bulb(b, 'red', room)
      void battery
    } else b.add('magnet', 'magnet', b.spot(room), { roles: ['magnet', 'portable'] })
    const [c1, c2] = b.rng.sample([...BOX_COLOURS], 2) as [string, string]
    const yes = box(b, c1, room)
    const no = box(b, c2, room)
    const right = has ? yes : no
    const wrong = has ? no : yes
    const success = all(fact('focused', target), fact('in', target, right))
    const adjective = property === 'conductive' ? 'electrically conductive' : 'magnetic'
    const negative = property === 'conductive' ? 'electrically nonconductive' : 'not magnetic'
    return {
      instruction: `Your task is to determine if ${name} is ${adjective}. The ${name} is located around the ${room}. First, focus on the ${name}. If it is ${adjective}, place it in the ${c1} box. If it is ${negative}, place it in the ${c2} box. The boxes are located around the ${room}. Do not focus on objects not central to completing the task!`,
      success,
      subgoals: [
        sg('focus', fact('focused', target)),
        sg(
          'test',
          property === 'magnetic'
            ? fact('probed', target)
            : any(...['battery'].map((s) => fact('wired', target, s))),
          ['focus'],
          true,
        ),
        sg('place', success),
      ],
      focus: { allowed: [target], order: [] },
      fail: [fact('in', target, wrong)],
      stages: [{ reach: success }],
    }
  }
}

/** Living and non-living things placed around, for the find kinds. */
function population(b: WorldBuilder): { animals: string[]; plants: string[]; things: string[] } {
  const animals = b.rng
    .sample(['dog', 'rabbit', 'frog', 'parrot'] as AnimalId[], 2)
    .map((a) => b.add(a, ANIMALS[a].name, 'outside', { roles: ['living', 'animal', 'portable'] }))
  const plants = b.rng.sample(['apple', 'orange', 'pea'] as PlantId[], 2).map((p) =>
    b.add(`${p}_plant`, `${PLANTS[p].name} plant`, 'bench', {
      roles: ['living', 'plant', 'portable'],
    }),
  )
  const things = b.rng
    .sample(Object.keys(OBJECTS) as ObjectId[], 3)
    .map((o) => b.add(o, OBJECTS[o].name, b.spot(b.room(['outside'])), { roles: ['portable'] }))
  return { animals, plants, things }
}

function find(what: 'living thing' | 'non-living thing' | 'plant' | 'animal') {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const pop = population(b)
    const allowed =
      what === 'living thing'
        ? [...pop.animals, ...pop.plants]
        : what === 'plant'
          ? pop.plants
          : what === 'animal'
            ? pop.animals
            : pop.things
    const colour = (['red', 'green', 'blue'] as const)[variation % 3]!
    const room: Room = (['kitchen', 'hallway', 'workshop'] as const)[variation % 3]!
    const target = box(b, colour, room)
    const success = any(...allowed.map((x) => all(fact('focused', x), fact('in', x, target))))
    const article = what === 'animal' ? 'an' : 'a'
    return {
      instruction: `Your task is to find ${article} ${what}. First, focus on the thing. Then, move it to the ${colour} box in the ${room}.`,
      success,
      subgoals: [
        sg('focus', any(...allowed.map((x) => fact('focused', x)))),
        sg(
          'carry',
          any(...allowed.map((x) => all(fact('focused', x), fact('in', x, 'inventory')))),
          ['focus'],
          true,
        ),
        sg('place', success),
      ],
      focus: { allowed, order: [] },
      fail: [],
      stages: [{ reach: success }],
    }
  }
}

/** Seeds, flower pots with soil, water: grow a plant (or its fruit). */
function grow(fruit: boolean) {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const kind = (['apple', 'orange', 'pea', 'banana', 'lemon'] as PlantId[])[variation % 5]!
    const other = kind === 'pea' ? 'lemon' : 'pea'
    const jar = b.add('seed_jar', 'seed jar', 'bench', { roles: ['container', 'portable'] })
    const fruitId = b.add(`${kind}_fruit`, PLANTS[kind].fruit, null, { roles: ['portable'] })
    const seed = b.add(`${kind}_seed`, `${PLANTS[kind].name} seed`, jar, {
      roles: ['seed', 'living', 'plant', 'portable'],
      attrs: { growth: 0 },
      aliases: [`${PLANTS[kind].name} plant`],
      facts: [['fruit_of', fruitId, `${kind}_seed`]],
    })
    b.add(`${other}_seed`, `${PLANTS[other].name} seed`, jar, {
      roles: ['seed', 'living', 'plant', 'portable'],
      attrs: { growth: 0 },
    })
    for (let i = 0; i < 2; i++) {
      const pot = b.add('flower_pot', 'flower pot', 'greenhouse', {
        roles: ['container', 'flowerpot', 'portable'],
      })
      b.add('soil', 'soil', pot, { roles: ['soil'] })
    }
    substance(b, 'water', {
      container: 'watering_can',
      at: b.rng.pick(['greenhouse', 'bench', 'counter']),
    })
    const success = fruit
      ? all(fact('focused', seed), fact('in', fruitId, 'inventory'))
      : all(fact('focused', seed), above(seed, 'growth', 5))
    const stageGoal = (name: string, at: number) =>
      sg(name, above(seed, 'growth', at), name === 'seedling' ? ['plant'] : undefined)
    return {
      instruction: fruit
        ? `Your task is to grow a ${PLANTS[kind].fruit}. This will require growing a ${kind} plant until it produces fruit. Seeds can be found in the greenhouse. First, focus on a ${kind} seed. When the fruit appears, pick it up.`
        : `Your task is to grow a ${kind} plant from seed. Seeds can be found in the greenhouse. First, focus on a seed. Then, make changes to the environment that grow the plant until it reaches the reproducing life stage.`,
      success,
      subgoals: [
        sg('focus', fact('focused', seed)),
        sg('plant', fact('growing', seed), ['focus']),
        ...PLANT_STAGES.slice(1).map(([name, at]) => stageGoal(name, at)),
        ...(fruit ? [sg('fruit', fact('fruited', seed)), sg('pick', success, ['fruit'])] : []),
      ],
      focus: { allowed: [seed], order: [] },
      fail: [],
      stages: fruit
        ? [
            { reach: all(fact('focused', seed), fact('growing', seed)) },
            { wait: above(seed, 'growth', FRUIT_AT + 1) },
            { reach: success },
          ]
        : [{ reach: all(fact('focused', seed), fact('growing', seed)) }, { wait: success }],
    }
  }
}

function chemistry(which: 'mix' | 'secondary' | 'tertiary') {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const room: Room = (['kitchen', 'workshop', 'hallway'] as const)[variation % 3]!
    const product = (name: string) =>
      b.add(name.replace(/[^a-z]+/g, '_'), name, null, {
        roles: ['substance'],
        attrs: { temp: 20, mp: -10, bp: 150 },
      })
    const ingredient = (name: string) => {
      const c = b.add('wood_cup', 'wood cup', b.spot(room), { roles: ['container', 'portable'] })
      return b.add(name.replace(/[^a-z]+/g, '_'), name, c, {
        roles: ['substance'],
        attrs: { temp: 20, mp: -10, bp: 150 },
      })
    }
    b.add('beaker', 'beaker', b.spot(room), { roles: ['container', 'portable'] })
    let target: string
    let name: string
    let mid: string | undefined
    if (which === 'tertiary') {
      const recipe = TERTIARY_PAINTS[variation % TERTIARY_PAINTS.length]!
      name = recipe.product
      const [p1, p2] = recipe.via.ingredients as [string, string]
      const again = recipe.ingredients.find((i) => i !== recipe.via.product)!
      const a = ingredient(p1)
      const c = ingredient(p2)
      const extra = ingredient(again)
      mid = product(recipe.via.product)
      target = product(name)
      const one = again === p1 ? a : c
      const other = again === p1 ? c : a
      b.facts.push(
        ['makes', one, other, mid],
        ['makes', extra, other, mid],
        ['makes', mid, extra, target],
        ['makes', mid, one, target],
      )
    } else {
      const recipe =
        which === 'mix'
          ? CHEMISTRY[variation % 4]!
          : SECONDARY_PAINTS[variation % SECONDARY_PAINTS.length]!
      name = recipe.product
      const [i1, i2] = recipe.ingredients as [string, string]
      const a = ingredient(i1)
      const c = ingredient(i2)
      target = product(name)
      b.facts.push(['makes', a, c, target])
    }
    const success = fact('focused', target)
    return {
      instruction: `Your task is to use chemistry to create ${name}. When you are done, focus on the ${name}.`,
      success,
      subgoals: [
        ...(which === 'tertiary' ? [sg('secondary', fact('here', mid as string))] : []),
        sg('made', fact('here', target)),
        sg('focus', success, ['made']),
      ],
      focus: { allowed: [target], order: [] },
      fail: [],
      stages: [
        ...(which === 'tertiary' ? [{ reach: fact('here', mid as string) }] : []),
        { reach: fact('here', target) },
        { reach: success },
      ],
    }
  }
}

function lifespan(which: 'longest' | 'shortest' | 'both') {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const sets: AnimalId[][] = [
      ['giant_tortoise', 'dog', 'hamster'],
      ['elephant', 'rabbit', 'mayfly'],
      ['parrot', 'horse', 'bee'],
      ['elephant', 'frog', 'hamster'],
    ]
    const chosen = sets[variation % sets.length]!
    const ids = b.rng
      .shuffle([...chosen])
      .map((a) => b.add(a, ANIMALS[a].name, 'outside', { roles: ['living', 'animal', 'portable'] }))
    const byLife = [...ids].sort(
      (x, y) =>
        ANIMALS[y.replace(/_\d+$/, '') as AnimalId].lifespan -
        ANIMALS[x.replace(/_\d+$/, '') as AnimalId].lifespan,
    )
    const longest = byLife[0]!
    const shortest = byLife[byLife.length - 1]!
    const targets =
      which === 'longest' ? [longest] : which === 'shortest' ? [shortest] : [longest, shortest]
    const success = all(...targets.map((t) => fact('focused', t)))
    const instruction =
      which === 'both'
        ? "Your task is to find the animal with the longest life span, then the animal with the shortest life span. First, focus on the animal with the longest life span. Then, focus on the animal with the shortest life span. The animals are in the 'outside' location."
        : `Your task is to find the animal with the ${which} life span. The animals are in the 'outside' location. Focus on the animal with the ${which} life span.`
    return {
      instruction,
      success,
      subgoals: [
        sg('outside', fact('at', 'outside')),
        ...targets.map((t, i) => sg(`focus-${i}`, fact('focused', t), ['outside'])),
      ],
      focus: { allowed: targets, order: ord(...targets) },
      fail: [],
      stages: targets.map((_, k) => ({
        reach: all(...targets.slice(0, k + 1).map((t) => fact('focused', t))),
      })),
    }
  }
}

function lifeStages(plants: boolean) {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const kinds = plants ? ['apple', 'orange', 'pea', 'lemon'] : Object.keys(ANIMAL_STAGES)
    const kind = kinds[variation % kinds.length]!
    const names = plants
      ? [`${kind} seed`, `${kind} seedling`, `adult ${kind} plant`, `reproducing ${kind} plant`]
      : ANIMAL_STAGES[kind]!
    const place = plants ? 'greenhouse' : 'outside'
    const ids = b.rng.shuffle([...names]).map((n) =>
      b.add(n.replace(/[^a-z]+/g, '_'), n, place, {
        roles: ['living', plants ? 'plant' : 'animal', 'portable'],
      }),
    )
    const ordered = names.map(
      (n) => ids.find((id) => b.things.find((t) => t.id === id)?.name === n)!,
    )
    const success = all(...ordered.map((t) => fact('focused', t)))
    const what = plants ? `${kind} plant` : kind
    return {
      instruction: `Your task is to focus on the life stages of the ${what}, starting from earliest to latest. The ${plants ? 'plants' : `${kind}s`} are located in the ${place}.`,
      success,
      subgoals: ordered.map((t, i) =>
        sg(`stage-${i}`, fact('focused', t), i > 0 ? [`stage-${i - 1}`] : undefined),
      ),
      focus: { allowed: ordered, order: ord(...ordered) },
      fail: [],
      stages: ordered.map((_, k) => ({
        reach: all(...ordered.slice(0, k + 1).map((t) => fact('focused', t))),
      })),
    }
  }
}

/** ScienceWorld's thirty task kinds, under its names, grouped by its topics. */
export const KINDS: readonly KindDef[] = [
  { id: 'boil', variations: 4, build: stateChange('boil') },
  { id: 'melt', variations: 4, build: stateChange('melt') },
  { id: 'freeze', variations: 4, build: stateChange('freeze') },
  { id: 'change-the-state-of-matter-of', variations: 4, build: stateChange('change') },
  { id: 'use-thermometer', variations: 6, build: useThermometer },
  { id: 'measure-melting-point-known-substance', variations: 4, build: measurePoint('mp', true) },
  {
    id: 'measure-melting-point-unknown-substance',
    variations: 6,
    build: measurePoint('mp', false),
  },
  { id: 'power-component', variations: 3, build: powerComponent(false) },
  {
    id: 'power-component-renewable-vs-nonrenewable-energy',
    variations: 3,
    build: powerComponent(true),
  },
  { id: 'test-conductivity', variations: 6, build: classify('conductive', false) },
  {
    id: 'test-conductivity-of-unknown-substances',
    variations: 6,
    build: classify('conductive', true),
  },
  { id: 'find-living-thing', variations: 3, build: find('living thing') },
  { id: 'find-non-living-thing', variations: 3, build: find('non-living thing') },
  { id: 'find-plant', variations: 3, build: find('plant') },
  { id: 'find-animal', variations: 3, build: find('animal') },
  { id: 'grow-plant', variations: 5, build: grow(false) },
  { id: 'grow-fruit', variations: 5, build: grow(true) },
  { id: 'chemistry-mix', variations: 4, build: chemistry('mix') },
  { id: 'chemistry-mix-paint-secondary-color', variations: 3, build: chemistry('secondary') },
  { id: 'chemistry-mix-paint-tertiary-color', variations: 6, build: chemistry('tertiary') },
  { id: 'lifespan-longest-lived', variations: 4, build: lifespan('longest') },
  { id: 'lifespan-shortest-lived', variations: 4, build: lifespan('shortest') },
  { id: 'lifespan-longest-lived-then-shortest-lived', variations: 4, build: lifespan('both') },
  { id: 'identify-life-stages-1', variations: 4, build: lifeStages(false) },
  { id: 'identify-life-stages-2', variations: 4, build: lifeStages(true) },
  { id: 'inclined-plane-determine-angle', variations: 6, build: inclinedPlane('angle') },
  {
    id: 'inclined-plane-friction-named-surfaces',
    variations: 6,
    build: inclinedPlane('named'),
  },
  {
    id: 'inclined-plane-friction-unnamed-surfaces',
    variations: 6,
    build: inclinedPlane('unnamed'),
  },
  { id: 'mendelian-genetics-known-plant', variations: 8, build: mendelianGenetics('known') },
  { id: 'mendelian-genetics-unknown-plant', variations: 24, build: mendelianGenetics('unknown') },
]

export const KIND_IDS: readonly string[] = KINDS.map((k) => k.id)

export { FRUIT_AT }
