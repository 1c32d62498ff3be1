import {
  type CompiledWorld,
  type PlannerBudget,
  type PlanResult,
  type PlanStep,
  plan,
} from '@refinery/world'
import type { Task, WorldBuilder } from './builder'
import type { Verb } from './phrasings'

/**
 * The planner check: the oracle's narrow search (`budget`: no distractors, drops or closes,
 * its node budget) from the initial state, stopped at its first plan. That is greedy
 * best-first search on h_FF, then action elimination; the short weighted A* run that the
 * oracle spends looking for a shorter plan is left out (`improveNodes` 0), and so is any
 * bound below the episode's steps: the composed plan already bounds the optimal length, and
 * a bound the greedy search must meet sends it through every plateau below it (1% of worlds
 * took 45% of the nodes: up to 7,418 against a median of 28). Solved means the world
 * planner reaches the goal within budget and the world's steps; the plan is valid in the
 * whole world, since every transition runs through the engine.
 */
export function plannerSolves(world: CompiledWorld, budget: PlannerBudget): PlanResult {
  return plan(world, { ...budget, improveNodes: 0 })
}

/**
 * The plan a composed world is built to be solved by: each goal mechanic's solution, with
 * every thing it needs fetched through the gates that hide it (a key for a locked box, a
 * trade for what a person holds, a lit lamp before a dark room, an opened door before the
 * room behind it). It is not searched for, so it proves nothing by itself: the generator
 * plays it as text on the world's engine, and only a plan that wins there makes the world a
 * task (and the planner must solve it too, see `plannerCheck`). Greedy where the order is
 * free: whatever a later step needs that lies within reach is taken before the
 * agent walks away.
 */
export function constructionPlan(b: WorldBuilder): PlanStep[] {
  const tasks = b.solution
  // What the plan takes and switches on is known only once it is written (keys, tools, gifts,
  // lamps, a machine's power): the next passes do it on the way, which saves walks back.
  const first = new Solver(b, tasks, []).solve()
  // The things a goal gathers (or reaches) first may be fetched in any order: the shortest
  // plan wins, the first of equals.
  let gets = 0
  while (gets < tasks.length && ('get' in tasks[gets]! || 'access' in tasks[gets]!)) gets++
  let best = first
  for (const order of permutations(tasks.slice(0, gets))) {
    const plan = new Solver(b, [...order, ...tasks.slice(gets)], first).solve()
    if (plan.length < best.length) best = plan
  }
  return best
}

/** Every order of `items`, the given one first. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]]
  const out: T[][] = []
  items.forEach((head, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)]))
      out.push([head, ...rest])
  })
  return out
}

class Solver {
  private readonly steps: PlanStep[] = []
  private at: string
  private readonly held = new Set<string>()
  private readonly loc = new Map<string, string>()
  /** What each item is inside: a container, a machine or a person. */
  private readonly inside = new Map<string, string>()
  private readonly opened = new Set<string>()
  private readonly locked = new Set<string>()
  private readonly sealed = new Set<string>()
  private readonly on = new Set<string>()
  private readonly keyOf = new Map<string, string>()
  private readonly wants = new Map<string, string>()
  private readonly switchOf = new Map<string, string>()
  private readonly switches = new Set<string>()
  private readonly doorOf = new Map<string, string>()
  private readonly persons = new Set<string>()
  private readonly machines = new Set<string>()
  private readonly dark = new Set<string>()
  /** Items the plan takes and switches it turns on: done whenever they are in reach. */
  private readonly wanted: Set<string>

  constructor(
    private readonly b: WorldBuilder,
    private readonly tasks: readonly Task[],
    earlier: readonly PlanStep[],
  ) {
    this.at = b.hub
    for (const [p, x, y, z] of b.facts) {
      if (p === 'loc' && !this.loc.has(x!)) this.loc.set(x!, y!)
      else if (p === 'inside') this.inside.set(x!, y!)
      else if (p === 'opened') this.opened.add(x!)
      else if (p === 'locked') this.locked.add(x!)
      else if (p === 'sealed') this.sealed.add(x!)
      else if (p === 'on') this.on.add(x!)
      else if (p === 'fits') this.keyOf.set(y!, x!)
      else if (p === 'wants') this.wants.set(x!, y!)
      else if (p === 'powers') {
        this.switchOf.set(y!, x!)
        this.switches.add(x!)
      } else if (p === 'door' && y === b.hub) this.doorOf.set(z!, x!)
      else if (p === 'person') this.persons.add(x!)
      else if (p === 'machine') this.machines.add(x!)
      else if (p === 'dark') this.dark.add(x!)
    }
    this.wanted = new Set()
    for (const { schema, args } of earlier)
      if (schema === 'take' || (schema === 'activate' && this.switches.has(args[0]!)))
        this.wanted.add(args[0]!)
  }

  solve(): PlanStep[] {
    for (const task of this.tasks) this.run(task)
    return this.steps
  }

  private run(task: Task): void {
    if ('get' in task) this.get(task.get)
    else if ('access' in task) this.access(task.access)
    else if ('at' in task) this.goTo(task.at)
    else this.act(task.act, ...task.args)
  }

  private act(verb: Verb, ...args: string[]): void {
    if (verb === 'open' && this.opened.has(args[0]!)) return
    this.steps.push({ schema: verb, args })
    const [x, y] = args
    switch (verb) {
      case 'take':
        this.wanted.delete(x!)
        this.held.add(x!)
        this.loc.delete(x!)
        this.inside.delete(x!)
        break
      case 'put':
        this.held.delete(x!)
        this.inside.set(x!, y!)
        this.loc.set(x!, this.at)
        break
      case 'stack':
        this.held.delete(x!)
        this.loc.set(x!, this.at)
        break
      case 'open':
        this.opened.add(x!)
        break
      case 'unlock':
        this.locked.delete(x!)
        break
      case 'cut':
        this.sealed.delete(x!)
        this.opened.add(x!)
        break
      case 'activate':
        this.on.add(x!)
        break
      case 'operate':
        for (const [item, holder] of this.inside) if (holder === x) this.inside.delete(item)
        break
      case 'give':
        this.held.delete(x!)
        for (const [item, holder] of this.inside)
          if (holder === y) {
            this.inside.delete(item)
            this.loc.delete(item)
            this.held.add(item)
          }
        break
      case 'craft':
        for (const f of this.b.facts) if (f[0] === 'needs' && f[1] === x) this.held.delete(f[2]!)
        this.held.add(x!)
        break
    }
  }

  /** Holds `x`. */
  private get(x: string): void {
    if (this.held.has(x)) return
    this.access(x)
    if (this.held.has(x)) return
    this.goTo(x)
    this.act('take', x)
  }

  /** Makes `x` reachable where it lies (or held): whatever holds it opens or gives it up. */
  private access(x: string): void {
    const holder = this.inside.get(x)
    if (holder === undefined || this.opened.has(holder)) return
    if (this.persons.has(holder)) {
      const gift = this.wants.get(holder)!
      this.get(gift)
      this.goTo(holder)
      this.act('give', gift, holder)
    } else if (this.machines.has(holder)) {
      const power = this.switchOf.get(holder)!
      if (!this.on.has(power)) {
        this.goTo(power)
        this.act('activate', power)
      }
      this.goTo(holder)
      this.act('operate', holder)
    } else if (this.sealed.has(holder)) {
      const tool = this.b.cutterOf.get(holder)!
      this.get(tool)
      this.goTo(holder)
      this.act('cut', holder, tool)
    } else {
      if (this.locked.has(holder)) {
        const key = this.keyOf.get(holder)!
        this.get(key)
        this.goTo(holder)
        this.act('unlock', holder, key)
      }
      this.goTo(holder)
      this.act('open', holder)
    }
  }

  /** Goes to the room of `thing` (nowhere when it is held). */
  private goTo(thing: string): void {
    if (this.held.has(thing)) return
    const room = this.roomOf(thing)
    // Any lit lamp in hand lights a dark room; the room's own lamp is fetched otherwise.
    const lamp = this.b.lampOf.get(room)
    if (lamp !== undefined && !this.litLampHeld()) {
      this.get(lamp)
      if (!this.on.has(lamp)) this.act('activate', lamp)
    }
    if (room === this.at) return
    this.pickUp()
    const hub = this.b.hub
    if (this.at !== hub) this.move(hub)
    if (room === hub) return
    const door = this.doorOf.get(room)
    if (door !== undefined && !this.opened.has(door)) this.act('open', door)
    this.move(room)
  }

  private move(room: string): void {
    this.steps.push({ schema: 'go', args: [room] })
    this.at = room
  }

  /**
   * Before leaving a room: takes what the plan takes later and lies in reach here, and
   * switches on the machine power here that the plan needs.
   */
  private pickUp(): void {
    if (this.dark.has(this.at) && !this.litLampHeld()) return
    for (const x of this.wanted) {
      if (this.held.has(x) || this.loc.get(x) !== this.at) continue
      if (this.switches.has(x)) {
        if (!this.on.has(x)) this.act('activate', x)
        continue
      }
      const holder = this.inside.get(x)
      if (holder !== undefined && !this.opened.has(holder)) continue
      this.act('take', x)
    }
  }

  private litLampHeld(): boolean {
    for (const lamp of this.b.lampOf.values())
      if (this.held.has(lamp) && this.on.has(lamp)) return true
    return false
  }

  private roomOf(thing: string): string {
    const room = this.loc.get(thing) ?? this.loc.get(this.inside.get(thing) ?? '')
    if (room === undefined) throw new RangeError(`no room for ${thing}`)
    return room
  }
}
