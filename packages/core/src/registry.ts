import { RefineryError } from './errors'
import { type EnvironmentFamily, SPECIFICATION_VERSION } from './spec'

/** Where synth and eval find families; the CLI fills it, third parties add theirs. */
export class FamilyRegistry {
  private readonly families = new Map<string, EnvironmentFamily>()

  constructor(families: Iterable<EnvironmentFamily> = []) {
    for (const family of families) this.register(family)
  }

  register(family: EnvironmentFamily): this {
    assertSpecificationVersion(family)
    if (this.families.has(family.id)) {
      throw new RefineryError('invalid_input', `Family '${family.id}' is registered twice.`, {
        hint: 'Give each family a unique id.',
      })
    }
    this.families.set(family.id, family)
    return this
  }

  has(id: string): boolean {
    return this.families.has(id)
  }

  get(id: string): EnvironmentFamily {
    const family = this.families.get(id)
    if (family) return family
    const known = this.ids()
    throw new RefineryError('unknown_family', `Unknown family '${id}'.`, {
      hint: `Known families: ${known.length ? known.join(', ') : '(none registered)'}.`,
    })
  }

  /** Family ids, sorted. */
  ids(): string[] {
    return [...this.families.keys()].sort()
  }

  /** Families, sorted by id. */
  list(): EnvironmentFamily[] {
    return this.ids().map((id) => this.families.get(id)!)
  }
}

/** Fails clearly on a family written against a spec version this package does not know. */
export function assertSpecificationVersion(family: EnvironmentFamily): void {
  const version = (family as { specificationVersion?: unknown }).specificationVersion
  if (version !== SPECIFICATION_VERSION) {
    throw new RefineryError(
      'unsupported_specification',
      `Family '${String((family as { id?: unknown }).id)}' implements specification ${JSON.stringify(version)}, but this Refinery supports '${SPECIFICATION_VERSION}'.`,
      { hint: 'Upgrade @refinery/core or the family package so their versions match.' },
    )
  }
}
