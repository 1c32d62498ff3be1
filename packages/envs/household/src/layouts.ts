import { RefineryError, rngStream } from '@refinery/core'
import { RECEPTACLE_KINDS, type ReceptacleKind, ROOM_TYPES, type RoomType } from './catalog'

/**
 * Room layouts play the part of ALFWorld's floor plans: a fixed, numbered set per room type
 * (`kitchen-7`), each a list of numbered receptacles. Layouts do not depend on the family's
 * seed, so `kitchen-7` is the same room in every task that uses it. The last few layouts of
 * each room type are held out for the test split (ALFWorld's "unseen" rooms).
 */

export const LAYOUTS_PER_ROOM = 30
/** Layouts `<room>-25` … `<room>-30` appear only in the test split. */
export const FIRST_UNSEEN_LAYOUT = 25

const LAYOUT_SEED = 'household-layouts-v1'

/** How many receptacles of each kind a room of this type has: [min, max], both included. */
const ROOM_RECEPTACLES: Record<
  RoomType,
  Partial<Record<ReceptacleKind, readonly [number, number]>>
> = {
  kitchen: {
    cabinet: [2, 9],
    coffeemachine: [1, 1],
    countertop: [1, 3],
    diningtable: [0, 1],
    drawer: [1, 6],
    fridge: [1, 1],
    garbagecan: [1, 1],
    microwave: [1, 1],
    shelf: [0, 3],
    sinkbasin: [1, 2],
    stoveburner: [2, 4],
    toaster: [0, 1],
  },
  livingroom: {
    armchair: [0, 2],
    cabinet: [0, 4],
    coffeetable: [1, 2],
    diningtable: [0, 1],
    drawer: [0, 4],
    dresser: [0, 1],
    garbagecan: [1, 1],
    ottoman: [0, 1],
    shelf: [0, 5],
    sidetable: [1, 3],
    sofa: [1, 2],
    tvstand: [0, 1],
  },
  bedroom: {
    armchair: [0, 1],
    bed: [1, 1],
    desk: [0, 2],
    drawer: [1, 8],
    dresser: [0, 1],
    garbagecan: [1, 1],
    laundryhamper: [0, 1],
    safe: [0, 1],
    shelf: [0, 5],
    sidetable: [1, 2],
  },
  bathroom: {
    bathtubbasin: [0, 1],
    cabinet: [1, 4],
    countertop: [1, 1],
    drawer: [0, 4],
    garbagecan: [1, 1],
    handtowelholder: [0, 2],
    shelf: [0, 3],
    sinkbasin: [1, 2],
    toilet: [1, 1],
    toiletpaperhanger: [1, 1],
    towelholder: [0, 1],
  },
}

export interface Receptacle {
  /** `cabinet_4` */
  id: string
  kind: ReceptacleKind
  number: number
}

export interface Layout {
  /** `kitchen-7` */
  id: string
  room: RoomType
  number: number
  unseen: boolean
  /** Sorted by kind, then number. */
  receptacles: readonly Receptacle[]
  /** The kinds present, sorted. */
  kinds: readonly ReceptacleKind[]
}

const cache = new Map<string, Layout>()

/** The layout with this id; throws `invalid_input` for an id that names none. */
export function layout(id: string): Layout {
  const cached = cache.get(id)
  if (cached) return cached
  const match = /^([a-z]+)-(\d+)$/.exec(id)
  const room = match?.[1] as RoomType | undefined
  const number = Number(match?.[2])
  if (
    !room ||
    !ROOM_TYPES.includes(room) ||
    !Number.isInteger(number) ||
    number < 1 ||
    number > LAYOUTS_PER_ROOM
  ) {
    throw new RefineryError('invalid_input', `'${id}' is not a household layout.`, {
      hint: `A layout id is <room>-<n> with room one of ${ROOM_TYPES.join(', ')} and n from 1 to ${LAYOUTS_PER_ROOM}.`,
    })
  }
  const rng = rngStream(LAYOUT_SEED, room, number)
  const receptacles: Receptacle[] = []
  const counts = ROOM_RECEPTACLES[room]
  for (const kind of RECEPTACLE_KINDS) {
    const range = counts[kind]
    if (!range) continue
    const count = rng.int(range[0], range[1])
    for (let n = 1; n <= count; n++) receptacles.push({ id: `${kind}_${n}`, kind, number: n })
  }
  const kinds = [...new Set(receptacles.map((r) => r.kind))].sort()
  const result: Layout = {
    id,
    room,
    number,
    unseen: number >= FIRST_UNSEEN_LAYOUT,
    receptacles,
    kinds,
  }
  cache.set(id, result)
  return result
}

/** Layout ids of a room type, seen (train and dev) or unseen (test). */
export function layoutIds(room: RoomType, unseen: boolean): string[] {
  const ids: string[] = []
  for (let n = 1; n <= LAYOUTS_PER_ROOM; n++) {
    if (n >= FIRST_UNSEEN_LAYOUT === unseen) ids.push(`${room}-${n}`)
  }
  return ids
}
