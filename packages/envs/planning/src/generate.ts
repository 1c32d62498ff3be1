import type { Rng } from '@refinery/core'
import type { PlanningDomain } from './domains'

/**
 * Seeded problem generators for the four domains, in the shape of the IPC/pddlgym problems
 * AgentBoard uses (same object names, same kinds of goals) but drawn at random. Each returns
 * PDDL problem text; whether it equals a test problem is checked by the caller.
 */
export const GENERATORS: Record<PlanningDomain, (rng: Rng) => string> = {
  barman,
  blockworld,
  gripper,
  tyreworld,
}

const atoms = (facts: readonly string[], indent = '') =>
  facts.map((f) => `${indent}(${f})`).join('\n')

function problem(name: string, domain: string, objects: string, init: string[], goal: string[]) {
  return [
    `(define (problem ${name})`,
    `(:domain ${domain})`,
    `(:objects ${objects})`,
    '(:init',
    atoms(init),
    ')',
    '(:goal',
    '(and',
    `${atoms(goal)})`,
    ')',
    ')',
    '',
  ].join('\n')
}

const range = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`)

/** Blocks in random towers, a goal of `on` facts from another random arrangement. */
function blockworld(rng: Rng): string {
  const blocks = range(rng.int(3, 7), 'b')
  const towers = (): string[][] => {
    const out: string[][] = []
    for (const b of rng.shuffle(blocks)) {
      const tower = out.length > 0 && rng.chance(0.6) ? rng.pick(out) : undefined
      if (tower) tower.push(b)
      else out.push([b])
    }
    return out
  }
  const start = towers()
  const init = ['arm-empty']
  for (const tower of start) {
    init.push(`on-table ${tower[0]}`)
    for (let i = 1; i < tower.length; i++) init.push(`on ${tower[i]} ${tower[i - 1]}`)
    init.push(`clear ${tower[tower.length - 1]}`)
  }
  const startOn = new Set(init.filter((f) => f.startsWith('on ')))
  for (;;) {
    const goal = towers().flatMap((t) => t.slice(1).map((b, i) => `on ${b} ${t[i]}`))
    if (goal.length > 0 && goal.some((g) => !startOn.has(g))) {
      return problem(
        `BW-gen-${blocks.length}`,
        'blocksworld-4ops',
        `${blocks.join(' ')} `,
        init,
        goal.sort(),
      )
    }
  }
}

/** Balls spread over two or three rooms; a goal room for some of them. */
function gripper(rng: Rng): string {
  const rooms = rng.chance(0.7) ? ['rooma', 'roomb'] : ['rooma', 'roomb', 'roomc']
  const balls = range(rng.int(2, 8), 'ball')
  const where = new Map(balls.map((b) => [b, rng.pick(rooms)]))
  const init = [
    ...rooms.map((r) => `room ${r}`),
    ...balls.map((b) => `ball ${b}`),
    `at-robby ${rng.pick(rooms)}`,
    'free left',
    'free right',
    ...balls.map((b) => `at ${b} ${where.get(b)}`),
    'gripper left',
    'gripper right',
  ]
  for (;;) {
    const moved = rng.sample(balls, rng.int(1, balls.length))
    const goal = moved.map((b) => `at ${b} ${rng.pick(rooms)}`)
    if (goal.some((g) => !init.includes(g))) {
      return problem(
        `gripper-gen-${balls.length}`,
        'gripper-strips',
        [...rooms, ...balls, 'left', 'right'].join(' '),
        init,
        goal.sort(),
      )
    }
  }
}

/** Flat tyres on one to four hubs; some of replace, inflate and stow as the goal. */
function tyreworld(rng: Rng): string {
  const n = rng.int(1, 4)
  const hubs = range(n, 'the-hub')
  const nuts = range(n, 'nuts')
  const spares = range(n, 'r')
  const flats = range(n, 'w')
  const open = rng.chance(0.3)
  const init = [
    'in jack boot',
    'in pump boot',
    'in wrench boot',
    'unlocked boot',
    open ? 'isopen boot' : 'closed boot',
  ]
  const inflated = new Set<string>()
  for (let i = 0; i < n; i++) {
    const spareInflated = rng.chance(0.25)
    if (spareInflated) inflated.add(spares[i]!)
    init.push(
      `intact ${spares[i]}`,
      `in ${spares[i]} boot`,
      spareInflated ? `inflated ${spares[i]}` : `not-inflated ${spares[i]}`,
    )
  }
  for (let i = 0; i < n; i++) {
    init.push(
      `on ${flats[i]} ${hubs[i]}`,
      `on-ground ${hubs[i]}`,
      `${rng.chance(0.25) ? 'loose' : 'tight'} ${nuts[i]} ${hubs[i]}`,
      `fastened ${hubs[i]}`,
    )
  }
  const candidates = hubs.flatMap((hub, i) => [
    `on ${spares[i]} ${hub}`,
    ...(inflated.has(spares[i]!) ? [] : [`inflated ${spares[i]}`]),
    `in ${flats[i]} boot`,
  ])
  const goal = rng.sample(candidates, rng.int(1, Math.min(candidates.length, 6)))
  const wheels = hubs.flatMap((_, i) => [spares[i], flats[i]]).join(' ')
  const objects = `\nwrench jack pump - tool\n${hubs.join(' ')} - hub\n${nuts.join(' ')} - nut\nboot - container\n${wheels} - wheel\n`
  return problem(`tyreworld-gen-${n}`, 'tyreworld', objects, init, goal.sort())
}

/** Barman's bar with random cocktail recipes; a few shots to fill with drinks. */
function barman(rng: Rng): string {
  const shots = range(rng.int(3, 6), 'shot')
  const ingredients = range(3, 'ingredient')
  const cocktails = range(rng.int(1, 4), 'cocktail')
  const dispensers = range(3, 'dispenser')
  const init = [
    'ontable shaker1',
    ...shots.map((s) => `ontable ${s}`),
    ...dispensers.map((d, i) => `dispenses ${d} ${ingredients[i]}`),
    'clean shaker1',
    ...shots.map((s) => `clean ${s}`),
    'empty shaker1',
    ...shots.map((s) => `empty ${s}`),
    'handempty left',
    'handempty right',
    'shaker-empty-level shaker1 l0',
    'shaker-level shaker1 l0',
    'next l0 l1',
    'next l1 l2',
  ]
  for (const c of cocktails) {
    const [a, b] = rng.sample(ingredients, 2)
    init.push(`cocktail-part1 ${c} ${a}`, `cocktail-part2 ${c} ${b}`)
  }
  // Fewer drinks than shots: one shot stays free for the shaker's pours, as in the IPC set.
  const filled = rng.sample(shots, rng.int(1, Math.min(3, shots.length - 1)))
  const goal = filled.map((s) =>
    rng.chance(0.6)
      ? `contains ${s} ${rng.pick(cocktails)}`
      : `contains ${s} ${rng.pick(ingredients)}`,
  )
  const objects = [
    '',
    'shaker1 - shaker',
    'left right - hand',
    `${shots.join(' ')} - shot`,
    `${ingredients.join(' ')} - ingredient`,
    `${cocktails.join(' ')} - cocktail`,
    `${dispensers.join(' ')} - dispenser`,
    'l0 l1 l2 - level',
    '',
  ].join('\n')
  return problem('barman-gen', 'barman', objects, init, goal.sort())
}
