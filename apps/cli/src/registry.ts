import { FamilyRegistry } from '@refinery/core'
import { household } from '@refinery/env-household'

/** The families this CLI ships with. Third-party families register through the API. */
export function defaultRegistry(): FamilyRegistry {
  return new FamilyRegistry([household])
}
