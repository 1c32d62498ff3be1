import { RefineryError } from '@refinery/core'
import type { WorldEngine } from '@refinery/world'
import type { Blueprint, Direction } from './blueprint'
import { dirId } from './world'

/** Steps the solver may take before it gives up (the largest test world needs about 60). */
const MAX_PLAN = 400

/**
 * An expert plan from the engine's current state, worked out from the blueprint's puzzle
 * structure: to get an item, fetch what opens its container or wins over who holds it; to
 * reach a room, walk the tree and open what is in the way; light a dark room before looking
 * for things in it. Each step is played on the engine, so the plan is checked as it is made;
 * it throws when the state leaves the goal out of reach (the caller falls back to the planner).
 */
export function solve(engine: WorldEngine, b: Blueprint): string[] {
  const out: string[] = []
  for (let n = 0; n < MAX_PLAN && !engine.success; n++) {
    const next = new View(engine, b).next()
    if (!next) break
    const [schema, ...args] = next as [string, ...string[]]
    const text = engine.surface(schema, args)
    const result = engine.step({ schema, args })
    if (result.status !== 'ok')
      throw new RefineryError(
        'internal',
        `The adventure solver's step '${text}' failed: ${result.observation}`,
      )
    out.push(text)
  }
  if (!engine.success)
    throw new RefineryError(
      'unsolvable',
      `The adventure solver found no plan for '${engine.world.id}'.`,
    )
  return out
}

type Call = string[]

/** One state of the world read through the blueprint, and the next step towards the goal. */
class View {
  private readonly facts: Set<string>
  private readonly here: string
  private readonly links = new Map<string, { dir: Direction; to: string }[]>()

  constructor(
    engine: WorldEngine,
    private readonly b: Blueprint,
  ) {
    this.facts = new Set(engine.stateData().facts.map((f) => f.join(' ')))
    this.here = b.rooms.find((r) => this.has('at', r.id))!.id
    for (const e of b.exits) {
      const list = this.links.get(e.from) ?? []
      list.push({ dir: e.dir, to: e.to })
      this.links.set(e.from, list)
    }
  }

  next(): Call | null {
    const { kind, treasure, target } = this.b.goal
    const got = this.get(treasure)
    if (got || kind === 'find') return got
    if (kind === 'put') return this.goTo(this.b.rooms[0]!.id) ?? ['put', treasure, target!]
    const patron = this.b.people.find((p) => p.id === target)!
    return this.goTo(patron.room) ?? ['give', treasure, patron.id]
  }

  private has(...atom: string[]): boolean {
    return this.facts.has(atom.join(' '))
  }

  /** Where an item lies: a room, a container or a person. */
  private where(item: string): string | undefined {
    for (const f of this.facts) {
      const [pred, x, at] = f.split(' ')
      if (pred === 'in' && x === item) return at
    }
    return undefined
  }

  /** The next step towards holding `item`, or null when it is held. */
  private get(item: string): Call | null {
    if (this.has('held', item)) return null
    const at = this.where(item)
    const person = this.b.people.find((p) => p.id === at)
    if (person) return this.satisfy(person.id)
    const box = this.b.containers.find((c) => c.id === at)
    const room = box ? box.room : at!
    // Fetch the lamp before walking into the dark, not after.
    const lamp = this.b.lamp && this.has('dark', room) ? this.get(this.b.lamp) : null
    if (lamp) return lamp
    if (box && this.has('locked', box.id)) return this.unlock(box.id, room)
    if (box && this.has('closed', box.id))
      return this.goTo(room) ?? this.light(room) ?? ['open', box.id]
    return this.goTo(room) ?? this.light(room) ?? ['take', item]
  }

  private unlock(thing: string, room: string): Call | null {
    const key = this.b.items.find((i) => i.opens === thing)!.id
    return this.get(key) ?? this.goTo(room) ?? this.light(room) ?? ['unlock', thing, key]
  }

  private satisfy(person: string): Call | null {
    if (this.has('satisfied', person)) return null
    const p = this.b.people.find((x) => x.id === person)!
    return this.get(p.wants!) ?? this.goTo(p.room) ?? ['give', p.wants!, p.id]
  }

  /** Light for a dark room: the lamp held and switched on. */
  private light(room: string): Call | null {
    const lamp = this.b.lamp
    if (!this.has('dark', room) || !lamp) return null
    if (this.has('on', lamp) && (this.has('held', lamp) || this.has('in', lamp, room))) return null
    return this.get(lamp) ?? (this.has('on', lamp) ? null : ['turn_on', lamp])
  }

  /**
   * The next step towards `room`: first fetch what every obstacle on the way needs (so the
   * walk is not undone half-way), then open or win over what stands at the next exit, then move.
   */
  private goTo(room: string): Call | null {
    if (this.here === room) return null
    const path = this.path(room)
    for (const step of path) {
      const door = this.doorAt(step.from, step.dir)
      if (door && this.has('locked', door)) {
        const key = this.b.items.find((i) => i.opens === door)!.id
        const fetch = this.get(key)
        if (fetch) return fetch
      }
      const guard = this.guardAt(step.from, step.dir)
      if (guard) {
        const fetch = this.get(guard.wants!)
        if (fetch) return fetch
      }
    }
    const step = path[0]!
    const door = this.doorAt(this.here, step.dir)
    if (door && this.has('locked', door)) return this.unlock(door, this.here)
    if (door && this.has('closed', door)) return ['open', door]
    const guard = this.guardAt(this.here, step.dir)
    if (guard) return this.satisfy(guard.id)
    return ['go', dirId(step.dir)]
  }

  private doorAt(room: string, dir: Direction): string | undefined {
    return this.b.doors.find((d) => d.sides.some((s) => s.room === room && s.dir === dir))?.id
  }

  private guardAt(room: string, dir: Direction) {
    return this.b.people.find(
      (p) => p.blocks === dir && p.room === room && this.has('blocks', p.id, p.room, dirId(dir)),
    )
  }

  /** The moves on the tree path from here to `room`. */
  private path(room: string): { from: string; dir: Direction }[] {
    const back = new Map<string, { from: string; dir: Direction }>()
    const queue = [this.here]
    const seen = new Set(queue)
    while (queue.length > 0) {
      const r = queue.shift()!
      for (const link of this.links.get(r) ?? []) {
        if (seen.has(link.to)) continue
        seen.add(link.to)
        back.set(link.to, { from: r, dir: link.dir })
        queue.push(link.to)
      }
    }
    const out: { from: string; dir: Direction }[] = []
    for (let r = room; r !== this.here; ) {
      const step = back.get(r)
      if (!step) throw new RefineryError('internal', `No way to ${room}.`)
      out.unshift(step)
      r = step.from
    }
    return out
  }
}
