/** What a lab world is made of: rooms, furniture, substances, living things, recipes. */

export const ROOMS = ['hallway', 'kitchen', 'workshop', 'greenhouse', 'outside'] as const
export type Room = (typeof ROOMS)[number]

/** Doors (always open, ScienceWorld's `openDoors` simplification). */
export const DOORS: ReadonlyArray<readonly [Room, Room]> = [
  ['hallway', 'kitchen'],
  ['hallway', 'workshop'],
  ['hallway', 'greenhouse'],
  ['greenhouse', 'outside'],
  ['kitchen', 'outside'],
]

/** Rooms with sunlight, where potted plants grow. */
export const SUNNY: readonly Room[] = ['greenhouse', 'outside']

/** Roles a thing can have; each is a fact `role x` in the world. */
export type Role =
  | 'container'
  | 'openable'
  | 'portable'
  | 'device'
  | 'heater'
  | 'furnace'
  | 'cooler'
  | 'substance'
  | 'living'
  | 'animal'
  | 'plant'
  | 'seed'
  | 'flowerpot'
  | 'soil'
  | 'water'
  | 'thermometer'
  | 'magnet'
  | 'conductive'
  | 'magnetic'
  | 'source'
  | 'renewable'
  | 'bulb'
  | 'readable'
  | 'fixture'
  | 'plane'
  | 'stopwatch'
  | 'beehive'
  | 'genetic'

export interface Furniture {
  id: string
  name: string
  room: Room
  roles: Role[]
}

/** The fixed furniture of every world. */
export const FURNITURE: readonly Furniture[] = [
  { id: 'stove', name: 'stove', room: 'kitchen', roles: ['container', 'device', 'heater'] },
  { id: 'freezer', name: 'freezer', room: 'kitchen', roles: ['container', 'openable', 'cooler'] },
  { id: 'counter', name: 'counter', room: 'kitchen', roles: ['container'] },
  { id: 'cupboard', name: 'cupboard', room: 'kitchen', roles: ['container', 'openable'] },
  { id: 'table', name: 'table', room: 'workshop', roles: ['container'] },
  {
    id: 'blast_furnace',
    name: 'blast furnace',
    room: 'workshop',
    roles: ['container', 'device', 'heater', 'furnace', 'openable'],
  },
  { id: 'bench', name: 'bench', room: 'greenhouse', roles: ['container'] },
  { id: 'shelf', name: 'shelf', room: 'hallway', roles: ['container'] },
]

/** A substance: melting and boiling points in °C, the temperature it starts at. */
export interface SubstanceKind {
  name: string
  mp: number
  bp: number
  /** Names by state of matter, where the substance has its own (`ice`, `steam`). */
  solid?: string
  gas?: string
}

export const SUBSTANCES = {
  water: { name: 'water', mp: 0, bp: 100, solid: 'ice', gas: 'steam' },
  orange_juice: { name: 'orange juice', mp: -2, bp: 100 },
  apple_juice: { name: 'apple juice', mp: -2, bp: 100 },
  milk: { name: 'milk', mp: -1, bp: 100 },
  chocolate: { name: 'chocolate', mp: 30, bp: 300 },
  butter: { name: 'butter', mp: 35, bp: 300 },
  wax: { name: 'wax', mp: 60, bp: 370 },
  lead: { name: 'lead', mp: 327, bp: 1749 },
  tin: { name: 'tin', mp: 232, bp: 2602 },
  soap: { name: 'soap', mp: 60, bp: 400 },
} as const satisfies Record<string, SubstanceKind>
export type SubstanceId = keyof typeof SUBSTANCES

/** Heating per tick on a stove and in the blast furnace, cooling per tick in a freezer. */
export const STOVE_RATE = 25
export const FURNACE_RATE = 120
export const FREEZER_RATE = 15
export const ROOM_TEMPERATURE = 20
export const FREEZER_FLOOR = -20

/** Animals and how long they live, in years (rounded; what a well-read agent knows). */
export const ANIMALS = {
  giant_tortoise: { name: 'giant tortoise', lifespan: 150 },
  elephant: { name: 'elephant', lifespan: 70 },
  parrot: { name: 'parrot', lifespan: 50 },
  horse: { name: 'horse', lifespan: 28 },
  dog: { name: 'dog', lifespan: 13 },
  rabbit: { name: 'rabbit', lifespan: 9 },
  hamster: { name: 'hamster', lifespan: 2.5 },
  mayfly: { name: 'mayfly', lifespan: 0.01 },
  frog: { name: 'frog', lifespan: 10 },
  bee: { name: 'bee', lifespan: 0.2 },
} as const
export type AnimalId = keyof typeof ANIMALS

/** Life stages of animals, earliest first. */
export const ANIMAL_STAGES: Record<string, readonly string[]> = {
  frog: ['frog egg', 'tadpole', 'adult frog'],
  butterfly: ['butterfly egg', 'caterpillar', 'pupa', 'adult butterfly'],
  chicken: ['chicken egg', 'chick', 'adult chicken'],
  bee: ['bee egg', 'bee larva', 'adult bee'],
}

/** Plants grown from seed; their fruit. */
export const PLANTS = {
  apple: { name: 'apple', fruit: 'apple' },
  orange: { name: 'orange', fruit: 'orange' },
  pea: { name: 'pea', fruit: 'pea pod' },
  banana: { name: 'banana', fruit: 'banana' },
  lemon: { name: 'lemon', fruit: 'lemon' },
} as const
export type PlantId = keyof typeof PLANTS

/** Growth (ticks in a watered, sunny pot with soil) at which each plant stage begins. */
export const PLANT_STAGES: ReadonlyArray<readonly [string, number]> = [
  ['seed', 0],
  ['seedling', 1],
  ['adult', 3],
  ['reproducing', 5],
]
export const FRUIT_AT = 6

/** Non-living things used by find and conductivity tasks; conductive or not, magnetic or not. */
export const OBJECTS = {
  iron_nail: { name: 'iron nail', conductive: true, magnetic: true },
  copper_wire: { name: 'copper wire', conductive: true, magnetic: false },
  aluminum_foil: { name: 'aluminum foil', conductive: true, magnetic: false },
  steel_spoon: { name: 'steel spoon', conductive: true, magnetic: true },
  metal_fork: { name: 'metal fork', conductive: true, magnetic: true },
  plastic_cup: { name: 'plastic cup', conductive: false, magnetic: false },
  wooden_block: { name: 'wooden block', conductive: false, magnetic: false },
  rubber_ball: { name: 'rubber ball', conductive: false, magnetic: false },
  glass_marble: { name: 'glass marble', conductive: false, magnetic: false },
  paper_clip: { name: 'paper clip', conductive: true, magnetic: true },
  pencil: { name: 'pencil', conductive: false, magnetic: false },
  brass_key: { name: 'brass key', conductive: true, magnetic: false },
} as const
export type ObjectId = keyof typeof OBJECTS

/** Mixing recipes: the ingredients (in any order) and what they make. */
export interface Recipe {
  product: string
  ingredients: readonly string[]
}

export const CHEMISTRY: readonly Recipe[] = [
  { product: 'salt water', ingredients: ['salt', 'water'] },
  { product: 'sugar water', ingredients: ['sugar', 'water'] },
  { product: 'soapy water', ingredients: ['soap', 'water'] },
  { product: 'lemonade', ingredients: ['lemon juice', 'sugar'] },
  { product: 'rust', ingredients: ['iron', 'water'] },
]

export const SECONDARY_PAINTS: readonly Recipe[] = [
  { product: 'orange paint', ingredients: ['red paint', 'yellow paint'] },
  { product: 'green paint', ingredients: ['blue paint', 'yellow paint'] },
  { product: 'violet paint', ingredients: ['blue paint', 'red paint'] },
]

/** A tertiary colour: a secondary mixed with one more of a primary it holds. */
export const TERTIARY_PAINTS: ReadonlyArray<Recipe & { via: Recipe }> = [
  {
    product: 'yellow-orange paint',
    ingredients: ['orange paint', 'yellow paint'],
    via: SECONDARY_PAINTS[0]!,
  },
  {
    product: 'red-orange paint',
    ingredients: ['orange paint', 'red paint'],
    via: SECONDARY_PAINTS[0]!,
  },
  {
    product: 'yellow-green paint',
    ingredients: ['green paint', 'yellow paint'],
    via: SECONDARY_PAINTS[1]!,
  },
  {
    product: 'blue-green paint',
    ingredients: ['blue paint', 'green paint'],
    via: SECONDARY_PAINTS[1]!,
  },
  {
    product: 'blue-violet paint',
    ingredients: ['blue paint', 'violet paint'],
    via: SECONDARY_PAINTS[2]!,
  },
  {
    product: 'red-violet paint',
    ingredients: ['red paint', 'violet paint'],
    via: SECONDARY_PAINTS[2]!,
  },
]

/** Distractors scattered around the rooms to vary layouts. */
export const CLUTTER = [
  'book',
  'chair',
  'painting',
  'lamp',
  'clock',
  'towel',
  'bowl',
  'spoon',
  'candle',
  'notebook',
  'rock',
  'shovel',
  'bucket',
  'basket',
  'pillow',
  'mirror',
] as const

export const BOX_COLOURS = ['red', 'green', 'blue', 'orange', 'yellow', 'purple'] as const

/**
 * Inclined planes (ScienceWorld's "forces" topic). A block on a plane slides down by
 * `SLIDE_GRAVITY × sin(angle) × (1 − friction)` of the plane's length per tick, as
 * ScienceWorld's InclinedPlane does (with a larger constant, so that a run fits an episode of
 * AgentBoard's 30 steps).
 */
export const SLIDE_GRAVITY = 0.5

/** Surface materials with their friction coefficients, for the named-surfaces task. */
export const SURFACES: Readonly<Record<string, number>> = {
  glass: 0.1,
  plastic: 0.15,
  steel: 0.2,
  aluminum: 0.25,
  copper: 0.3,
  ceramic: 0.35,
  wood: 0.4,
  paper: 0.5,
  'cotton cloth': 0.55,
  rubber: 0.65,
  sandpaper: 0.75,
}

/** Surfaces of unknown material, for the unnamed-surfaces task. */
export const UNKNOWN_SURFACES: Readonly<Record<string, number>> = {
  'unknown material B': 0.7,
  'unknown material C': 0.4,
  'unknown material D': 0.2,
  'unknown material E': 0.55,
  'unknown material F': 0.1,
  'unknown material G': 0.3,
  'unknown material H': 0.6,
  'unknown material J': 0.45,
}

/** Planes of the determine-angle task: their letter and angle in degrees (ScienceWorld's). */
export const PLANE_ANGLES: Readonly<Record<string, number>> = {
  B: 70,
  C: 80,
  D: 20,
  E: 10,
  F: 60,
  G: 40,
  H: 30,
  J: 50,
}

/** The friction of a plane whose surface is not named. */
export const DEFAULT_FRICTION = 0.1

/** Things to slide down a plane. */
export const BLOCKS = ['wood block', 'steel block', 'brick'] as const

/** Percent of the plane a block slides per tick. */
export function slideSpeed(angle: number, friction: number): number {
  return Math.round(100 * SLIDE_GRAVITY * Math.sin((angle * Math.PI) / 180) * (1 - friction))
}

/**
 * A Mendelian trait: its name in task texts, the dominant and recessive values, and the life
 * stage from which a plant shows it (seed traits show on the seed itself).
 */
export interface Trait {
  name: string
  dominant: string
  recessive: string
  shows: 'seed' | 'adult' | 'reproducing'
  /** How a plant shows the value: `with a {v} height`, `with {v} flowers`, `{v}` before the seed. */
  phrase: string
}

const height = (dominant: string, recessive: string): Trait => ({
  name: 'plant height',
  dominant,
  recessive,
  shows: 'adult',
  phrase: 'with a {v} height',
})
const flowers = (name: string, dominant: string, recessive: string): Trait => ({
  name,
  dominant,
  recessive,
  shows: 'reproducing',
  phrase: 'with {v} flowers',
})
const leaves = (name: string, dominant: string, recessive: string): Trait => ({
  name,
  dominant,
  recessive,
  shows: 'adult',
  phrase: 'with {v} leaves',
})
const seedTrait = (name: string, dominant: string, recessive: string): Trait => ({
  name,
  dominant,
  recessive,
  shows: 'seed',
  phrase: '{v}',
})

/** The pea plant's traits, with Mendel's dominant values (ScienceWorld's known-plant task). */
export const PEA_TRAITS: readonly Trait[] = [
  height('tall', 'short'),
  seedTrait('seed shape', 'round', 'wrinkly'),
  seedTrait('seed color', 'green', 'orange'),
  flowers('flower color', 'purple', 'white'),
]

/** Unknown plants: traits whose dominant values common knowledge does not give away. */
export const UNKNOWN_PLANTS: ReadonlyArray<{ name: string; traits: readonly Trait[] }> = [
  {
    name: 'unknown B',
    traits: [
      height('short', 'tall'),
      leaves('leaf shape', 'pointed', 'round'),
      flowers('flower color', 'orange', 'yellow'),
    ],
  },
  {
    name: 'unknown C',
    traits: [
      leaves('leaf size', 'small', 'large'),
      flowers('flower size', 'large', 'small'),
      height('tall', 'short'),
    ],
  },
  {
    name: 'unknown D',
    traits: [
      flowers('flower color', 'violet', 'yellow'),
      height('short', 'tall'),
      leaves('leaf shape', 'round', 'pointed'),
    ],
  },
  {
    name: 'unknown E',
    traits: [
      leaves('leaf shape', 'heart-shaped', 'oval'),
      flowers('flower size', 'small', 'large'),
      seedTrait('seed shape', 'wrinkly', 'round'),
    ],
  },
]
