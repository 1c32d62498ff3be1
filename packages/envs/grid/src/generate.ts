import { RefineryError, rngStream, stableHash } from '@refinery/core'
import { Reject, RoomGridBuilder } from './build'
import { expertPlan, rememberPlan } from './expert'
import { buildLevel, type Level } from './levels'
import { instrText } from './mission'
import { GridSim } from './sim'
import type { GridWorld } from './types'

const HASH = '#'.charCodeAt(0)
const DOT = '.'.charCodeAt(0)

/** Draws per task before giving up: BabyAI's rejection sampling rarely needs more than a few. */
const MAX_DRAWS = 400

/** One draw of a level from (seed, attempt); null when BabyAI's checks reject it. */
export function drawWorld(level: Level, seed: number, attempt: number): GridWorld | null {
  const b = new RoomGridBuilder(
    rngStream(seed, `grid/${level.name}`, attempt),
    level.roomSize,
    level.rows,
    level.cols,
  )
  let instr: ReturnType<typeof buildLevel>
  try {
    instr = buildLevel(level, b)
  } catch (error) {
    if (error instanceof Reject) return null
    throw error
  }
  const text = instrText(instr)
  // PutNext…Carrying levels start with the object to move in hand.
  if (level.name.endsWith('Carrying') && instr.op === 'putnext') b.carry(instr.move.ids[0]!)
  return {
    width: b.width,
    height: b.height,
    walls: String.fromCharCode(...b.wall.map((w) => (w ? HASH : DOT))),
    things: b.things.map((t) => ({ ...t })),
    start: [...b.pos],
    doors: [...b.doorState],
    agent: { ...b.agent },
    carrying: b.carrying,
    mission: { instr, text },
  }
}

/**
 * Keys of the worlds `findWorld` made, which the family hands to its environments: the
 * oracle of each episode looks its plans up by the key.
 */
const KEYS = new WeakMap<GridWorld, string>()

/** What makes two tasks the same: the layout, the things, the start and the mission. */
export function worldKey(world: GridWorld): string {
  return KEYS.get(world) ?? hashWorld(world)
}

function hashWorld(world: GridWorld): string {
  // One string of it all, in a fixed order: hashing the world object meant sorting the keys
  // of every thing first. Types and colours are single words; the mission, last, is free text.
  const { agent } = world
  const things = world.things.map((t) => `${t.type} ${t.color}`).join()
  return stableHash(
    `${world.walls}|${things}|${world.start.join()}|${world.doors.join()}|${agent.x},${agent.y},${agent.dir}|${world.carrying}|${world.mission.text}`,
  )
}

/**
 * The first draw that BabyAI accepts, that the oracle solves within `maxPlan` macro actions,
 * whose plan has `steps.min` to `steps.max` of them and that `accept` takes (no duplicate, no
 * test world in train). The oracle searches to `maxPlan` whatever `steps` keeps, so a world's
 * plan, remembered for its episodes, is the same in every split.
 */
export function findWorld(
  level: Level,
  seed: number,
  maxPlan: number,
  accept: (key: string) => boolean,
  steps: { readonly min: number; readonly max: number } = { min: 0, max: maxPlan },
): { world: GridWorld; attempt: number; key: string } {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const world = drawWorld(level, seed, attempt)
    if (!world) continue
    // The plan first: most draws that fail fail there (too short for a test or train task),
    // and those need no key.
    const sim = new GridSim(world, maxPlan + 1, {}, true)
    const plan = expertPlan(sim, maxPlan)
    if (!plan || plan.length < steps.min || plan.length > steps.max) continue
    const key = worldKey(world)
    if (!accept(key)) continue
    rememberPlan(`${key}|`, sim, plan) // the unperturbed episode's plan (see GridEnvironment)
    KEYS.set(world, key)
    return { world, attempt, key }
  }
  throw new RefineryError('internal', `No ${level.name} world found for seed ${seed}.`, {
    hint: 'Try another seed.',
  })
}
