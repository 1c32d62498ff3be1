/**
 * A world before it is written as a WorldSpec: rooms on a grid joined as a tree, and a chain
 * of puzzles between the first room and a treasure. Everything is plain data so that the
 * layout can be hashed to tell worlds apart.
 */

export type Direction =
  | 'north'
  | 'south'
  | 'east'
  | 'west'
  | 'northeast'
  | 'northwest'
  | 'southeast'
  | 'southwest'
  | 'up'
  | 'down'

export const DIRECTIONS: readonly Direction[] = [
  'north',
  'south',
  'east',
  'west',
  'northeast',
  'northwest',
  'southeast',
  'southwest',
  'up',
  'down',
]

/** The abbreviations players type. */
export const DIRECTION_ALIASES: Readonly<Record<Direction, readonly string[]>> = {
  north: ['n'],
  south: ['s'],
  east: ['e'],
  west: ['w'],
  northeast: ['ne'],
  northwest: ['nw'],
  southeast: ['se'],
  southwest: ['sw'],
  up: ['u'],
  down: ['d'],
}

export const OPPOSITE: Readonly<Record<Direction, Direction>> = {
  north: 'south',
  south: 'north',
  east: 'west',
  west: 'east',
  northeast: 'southwest',
  southwest: 'northeast',
  northwest: 'southeast',
  southeast: 'northwest',
  up: 'down',
  down: 'up',
}

export interface RoomPlan {
  id: string
  name: string
  description: string
  dark: boolean
}

export interface ExitPlan {
  from: string
  dir: Direction
  to: string
}

export interface DoorPlan {
  id: string
  name: string
  /** The two rooms and the direction from each towards the other. */
  sides: readonly [{ room: string; dir: Direction }, { room: string; dir: Direction }]
  locked: boolean
}

export interface ContainerPlan {
  id: string
  name: string
  room: string
  /** Has a lid (closed at the start); otherwise open and always shows its contents. */
  closed: boolean
  locked: boolean
}

export type ItemKind = 'key' | 'lamp' | 'treasure' | 'gift' | 'junk'

export interface ItemPlan {
  id: string
  name: string
  kind: ItemKind
  /** A room, a container, or a person who holds it out of sight until they hand it over. */
  at: string
  /** The door or container a key opens. */
  opens?: string
}

export interface PersonPlan {
  id: string
  name: string
  room: string
  /** The item they want; given it, they step aside (a guard) or hand over `reward`. */
  wants?: string
  /** The hint they give when talked to, in words that do not name the item. */
  hint?: string
  /** A guard blocks this direction out of their room until satisfied. */
  blocks?: Direction
  reward?: string
  /** The patron of a "give" goal. */
  patron?: boolean
}

export type GoalKind = 'put' | 'give' | 'find'

export interface GoalPlan {
  kind: GoalKind
  treasure: string
  /** The display container (`put`) or the patron (`give`). */
  target?: string
}

/** A milestone worth points; reaching it is a subgoal. */
export interface MilestonePlan {
  id: string
  points: number
  /** What it asks: `took`, `unlocked`, `satisfied`, `visited`, `lit`. */
  kind: 'took' | 'unlocked' | 'satisfied' | 'visited' | 'lit'
  /** The entity it is about. */
  of: string
}

export interface Blueprint {
  theme: string
  /** The treasure's hiding place, for the instruction. */
  place: string
  /** Size level 0–19: test task i has level i. */
  level: number
  /** Obstacles on the way to the treasure. */
  depth: number
  rooms: RoomPlan[]
  exits: ExitPlan[]
  doors: DoorPlan[]
  containers: ContainerPlan[]
  items: ItemPlan[]
  people: PersonPlan[]
  lamp?: string
  goal: GoalPlan
  milestones: MilestonePlan[]
}
