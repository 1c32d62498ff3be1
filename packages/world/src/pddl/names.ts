/**
 * PDDL names become WorldSpec names (letters, digits, `_` or `-`, starting with a letter).
 * Names that already fit are kept; others are mapped deterministically: every other
 * character becomes `_`, a name that does not start with a letter gets an `x` in front, and
 * a clash with a name already taken gets `_2`, `_3`, … behind.
 */
export function toSpecName(raw: string): string {
  const cleaned = raw.replace(/^\?/, '').replace(/[^A-Za-z0-9_-]/g, '_')
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `x${cleaned}`
}

/** One namespace of mapped names (entities, types, predicates, …). */
export class NameTable {
  private readonly byRaw = new Map<string, string>()
  private readonly taken = new Set<string>()

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name)
  }

  /** The spec name for a PDDL name, assigning a fresh one the first time. */
  get(raw: string): string {
    const known = this.byRaw.get(raw)
    if (known !== undefined) return known
    const name = this.fresh(toSpecName(raw))
    this.byRaw.set(raw, name)
    return name
  }

  has(raw: string): boolean {
    return this.byRaw.has(raw)
  }

  lookup(raw: string): string | undefined {
    return this.byRaw.get(raw)
  }

  /** A name not taken yet, based on `base`. */
  fresh(base: string): string {
    let name = base
    for (let i = 2; this.taken.has(name); i++) name = `${base}_${i}`
    this.taken.add(name)
    return name
  }
}
