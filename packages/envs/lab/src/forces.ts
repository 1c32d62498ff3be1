import type { WorldBuilder } from './builder'
import {
  BLOCKS,
  DEFAULT_FRICTION,
  PLANE_ANGLES,
  SURFACES,
  slideSpeed,
  UNKNOWN_SURFACES,
} from './catalog'
import { above, all, fact } from './dsl'
import { sg, type TaskGoal } from './task'

type Mode = 'angle' | 'named' | 'unnamed'

interface PlaneKind {
  /** What the task calls the plane: its letter or its surface. */
  label: string
  /** The plane's display name, as ScienceWorld names it. */
  name: string
  speed: number
}

/** Ticks a block needs to reach the bottom of a plane. */
const ticksDown = (speed: number) => Math.ceil(100 / speed)

function planeKinds(mode: Mode): PlaneKind[] {
  if (mode === 'angle')
    return Object.entries(PLANE_ANGLES).map(([letter, angle]) => ({
      label: letter,
      name: `inclined plane ${letter}`,
      speed: slideSpeed(angle, DEFAULT_FRICTION),
    }))
  const table = mode === 'named' ? SURFACES : UNKNOWN_SURFACES
  return Object.entries(table).map(([surface, friction]) => ({
    label: surface,
    name: `inclined plane with ${/^[aeiou]/.test(surface) ? 'an' : 'a'} ${surface} surface`,
    speed: slideSpeed(45, friction),
  }))
}

/**
 * Two planes whose runs a stopwatch tells apart (at least two ticks between them, as
 * ScienceWorld drops pairs whose friction or angle are too close) and that both fit an
 * episode of AgentBoard's 30 steps.
 */
function planePairs(mode: Mode): Array<[PlaneKind, PlaneKind]> {
  const kinds = planeKinds(mode)
  const out: Array<[PlaneKind, PlaneKind]> = []
  for (const a of kinds)
    for (const c of kinds) {
      const ta = ticksDown(a.speed)
      const tc = ticksDown(c.speed)
      if (a.name < c.name && Math.abs(ta - tc) >= 2 && ta + tc <= 22) out.push([a, c])
    }
  return out
}

/**
 * ScienceWorld's inclined-plane tasks (topic "forces"): two planes and a block in the
 * workshop, and a stopwatch. The block slides down a plane faster the steeper and the less
 * rough it is; timing it on each plane tells which plane has the steepest (shallowest) angle
 * or the most (least) friction. Only the focus on the right plane counts; focusing on any
 * other thing fails the task.
 */
export function inclinedPlane(mode: Mode) {
  return (b: WorldBuilder, variation: number): TaskGoal => {
    const pairs = planePairs(mode)
    const pair = b.rng.pick(pairs)
    const asked =
      mode === 'angle'
        ? variation % 2 === 0
          ? 'shallowest'
          : 'steepest'
        : variation % 2 === 0
          ? 'most'
          : 'least'
    const [p1, p2] = pair.map((k) =>
      b.add('inclined_plane', k.name, 'workshop', {
        roles: ['container', 'plane'],
        attrs: { speed: k.speed },
        aliases: ['inclined plane'],
      }),
    ) as [string, string]
    // Slow runs mean a shallow angle or much friction.
    const slower = pair[0].speed < pair[1].speed ? p1 : p2
    const faster = slower === p1 ? p2 : p1
    const right = asked === 'shallowest' || asked === 'most' ? slower : faster
    const blockName = BLOCKS[Math.floor(variation / 2) % BLOCKS.length]!
    const block = b.add(blockName.replace(/ /g, '_'), blockName, b.spot('workshop'), {
      roles: ['portable'],
      ...(blockName === 'brick' ? {} : { aliases: ['block'] }),
    })
    const watch = b.add('stopwatch', 'stopwatch', b.spot('workshop'), {
      roles: ['device', 'stopwatch', 'portable'],
      aliases: ['watch', 'timer'],
    })
    const labels = b.rng.shuffle(pair.map((k) => k.label))
    const property = mode === 'angle' ? 'angle' : 'friction'
    const success = fact('focused', right)
    const onPlane = (p: string) => fact('in', block, p)
    const atBottom = (p: string) => all(onPlane(p), above(block, 'pos', 100))
    return {
      instruction: `Your task is to determine which of the two inclined planes (${labels.join(', ')}) has the ${asked} ${property}. After completing your experiment, focus on the inclined plane with the ${asked} ${property}.`,
      success,
      subgoals: [
        sg('workshop', fact('at', 'workshop'), undefined, true),
        sg('block-1', onPlane(p1)),
        sg('time-1', fact('timed', p1), ['block-1']),
        sg('block-2', onPlane(p2)),
        sg('time-2', fact('timed', p2), ['block-2']),
        sg('focus', success),
      ],
      focus: { allowed: [right], order: [] },
      fail: [],
      stages: [p1, p2]
        .flatMap((p) => [
          { reach: all(onPlane(p), fact('active', watch)) },
          { wait: atBottom(p) },
          { reach: fact('timed', p) },
          { look: watch },
        ])
        .concat([{ reach: success }]),
    }
  }
}
