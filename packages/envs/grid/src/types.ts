/** BabyAI's six colours, in its order. */
export const COLORS = ['red', 'green', 'blue', 'purple', 'yellow', 'grey'] as const
export type Color = (typeof COLORS)[number]

/** Things an agent can carry. */
export const OBJECT_TYPES = ['key', 'ball', 'box'] as const
export type ObjectType = (typeof OBJECT_TYPES)[number]
export type ThingType = ObjectType | 'door'
export type DoorState = 'open' | 'closed' | 'locked'

/** Directions as MiniGrid numbers them: 0 east, 1 south, 2 west, 3 north (y grows downwards). */
export const DIR_X = [1, 0, -1, 0] as const
export const DIR_Y = [0, 1, 0, -1] as const

/** A thing's unchanging part: what it is. Where it is and a door's state change. */
export interface Thing {
  type: ThingType
  color: Color
}

/** Everything a world is made of at the start: walls, things, the agent, the mission. */
export interface GridWorld {
  width: number
  height: number
  /** One char per cell, row by row: `#` wall, `.` floor. */
  walls: string
  things: Thing[]
  /** Start cell (y * width + x) of each thing; -1 when carried from the start. */
  start: number[]
  /** Start state of each door (null for objects). */
  doors: (DoorState | null)[]
  agent: { x: number; y: number; dir: number }
  /** The thing carried at the start, or -1. */
  carrying: number
  mission: Mission
}

/** The dynamic state of a world: what `snapshot` saves. */
export interface GridState {
  x: number
  y: number
  dir: number
  carrying: number
  /** Cell of each thing, -1 when carried or gone. */
  pos: number[]
  doors: (DoorState | null)[]
}

// ---------------------------------------------------------------- missions

export type Loc = 'left' | 'right' | 'front' | 'behind'

/** What a mission names: BabyAI's ObjDesc, resolved to the things it matched at the start. */
export interface Desc {
  type: ThingType | null
  color: Color | null
  loc: Loc | null
  /** Ids of the things that fit the description when the episode starts. */
  ids: number[]
}

export type Instr =
  | { op: 'goto'; desc: Desc }
  | { op: 'pickup'; desc: Desc; strict?: boolean }
  | { op: 'open'; desc: Desc; strict?: boolean }
  | { op: 'putnext'; move: Desc; fixed: Desc }
  | { op: 'and'; a: Instr; b: Instr }
  | { op: 'before'; a: Instr; b: Instr }
  | { op: 'after'; a: Instr; b: Instr }

export interface Mission {
  instr: Instr
  /** BabyAI's surface text: `go to the red ball, then pick up a blue key`. */
  text: string
}
