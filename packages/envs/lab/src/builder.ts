import type { Rng } from '@refinery/core'
import { FURNITURE, ROOMS, type Role } from './catalog'

export interface ThingOptions {
  roles?: readonly Role[]
  attrs?: Record<string, number>
  aliases?: string[]
  /** Extra facts about the thing, e.g. `['electrical', id]`. */
  facts?: string[][]
}

interface Thing {
  id: string
  type: 'furniture' | 'substance' | 'item'
  name: string
  aliases: string[]
  attrs: Record<string, number>
}

/**
 * Collects the things of one lab world: ids are unique, display names get numbers when two
 * things share a name (`flower pot 1`, `flower pot 2`), as ScienceWorld numbers them.
 */
export class WorldBuilder {
  readonly things: Thing[] = []
  readonly facts: string[][] = []
  private readonly ids = new Set<string>()

  constructor(readonly rng: Rng) {
    for (const f of FURNITURE) this.add(f.id, f.name, f.room, { roles: f.roles })
  }

  /** Adds a thing at `at` (a room, furniture or another thing's id; `null` for nowhere yet). */
  add(id: string, name: string, at: string | null, options: ThingOptions = {}): string {
    let unique = id
    for (let n = 2; this.ids.has(unique); n++) unique = `${id}_${n}`
    this.ids.add(unique)
    const roles = options.roles ?? []
    this.things.push({
      id: unique,
      type: FURNITURE.some((f) => f.id === id)
        ? 'furniture'
        : roles.includes('substance')
          ? 'substance'
          : 'item',
      name,
      aliases: options.aliases ?? [],
      attrs: options.attrs ?? {},
    })
    if (at !== null) this.facts.push(['in', unique, at])
    for (const role of options.roles ?? []) this.facts.push([role, unique])
    for (const f of options.facts ?? []) this.facts.push(f)
    return unique
  }

  /** A place things can be put in a room: the room itself or open-topped furniture there. */
  spot(room: (typeof ROOMS)[number]): string {
    const places = [
      room,
      ...FURNITURE.filter((f) => f.room === room && isSurface(f.id)).map((f) => f.id),
    ]
    return this.rng.pick(places)
  }

  /** Any room but the ones given. */
  room(except: readonly string[] = []): (typeof ROOMS)[number] {
    return this.rng.pick(ROOMS.filter((r) => !except.includes(r)))
  }

  entities(): Array<{
    id: string
    type: string
    name: string
    number?: number
    aliases?: string[]
    attributes?: Record<string, number>
  }> {
    const counts = new Map<string, number>()
    for (const t of this.things) counts.set(t.name, (counts.get(t.name) ?? 0) + 1)
    const seen = new Map<string, number>()
    return this.things.map((t) => {
      const shared = (counts.get(t.name) ?? 0) > 1
      const number = shared ? (seen.get(t.name) ?? 0) + 1 : undefined
      if (number !== undefined) seen.set(t.name, number)
      return {
        id: t.id,
        type: t.type,
        name: t.name,
        ...(number !== undefined ? { number } : {}),
        ...(t.aliases.length > 0 ? { aliases: t.aliases } : {}),
        ...(Object.keys(t.attrs).length > 0 ? { attributes: t.attrs } : {}),
      }
    })
  }
}

/** Furniture that things can be put on without opening anything. */
function isSurface(id: string): boolean {
  return id === 'counter' || id === 'table' || id === 'bench' || id === 'shelf'
}
