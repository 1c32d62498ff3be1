import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type EnvironmentFamily, FamilyRegistry, RefineryError, SPLITS } from '@refinery/core'
import { adventure } from '@refinery/env-adventure'
import { generated } from '@refinery/env-generated'
import { grid } from '@refinery/env-grid'
import { household } from '@refinery/env-household'
import { lab } from '@refinery/env-lab'
import { planning } from '@refinery/env-planning'
import type { Io } from './io'

/** Comma-separated modules (package names or paths) whose families join the built-in ones. */
export const FAMILIES_ENV = 'REFINERY_FAMILIES'

/** The families this CLI ships with. */
export function defaultRegistry(): FamilyRegistry {
  return new FamilyRegistry([adventure, generated, grid, household, lab, planning])
}

/**
 * The built-in families plus those of the modules named in REFINERY_FAMILIES, so a family
 * developed in its own package plugs in without changes here. Each module exports `family`,
 * `families` or a default family; paths resolve from the working directory.
 */
export async function loadRegistry(io: Io): Promise<FamilyRegistry> {
  const registry = defaultRegistry()
  const specifiers = (io.env[FAMILIES_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const specifier of specifiers) {
    for (const family of await loadFamilies(specifier, io.cwd)) {
      if (registry.has(family.id)) {
        throw loadError(
          specifier,
          `its family '${family.id}' is already registered`,
          'Give the family another id, or name the module once.',
        )
      }
      registry.register(family)
    }
  }
  return registry
}

async function loadFamilies(specifier: string, cwd: string): Promise<EnvironmentFamily[]> {
  let module: Record<string, unknown>
  try {
    module = (await import(resolveModule(specifier, cwd))) as Record<string, unknown>
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error)
    throw loadError(
      specifier,
      `it cannot be loaded (${reason.replace(/\.$/, '')})`,
      'Name a package installed here or the path of a built module (.js).',
    )
  }
  const exported = module.families ?? module.family ?? module.default
  const families = Array.isArray(exported) ? exported : [exported]
  if (families.length === 0 || !families.every(isFamily)) {
    throw loadError(
      specifier,
      'it exports no environment family',
      'Export `family` (an EnvironmentFamily with specificationVersion, id, splits, task and create), `families`, or a default.',
    )
  }
  for (const family of families) {
    for (const split of SPLITS) {
      const size = (family.splits as Partial<EnvironmentFamily['splits']>)[split]?.size
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw loadError(
          specifier,
          `its family '${family.id}' gives no size for its ${split} split`,
          'Declare splits: { train: { size }, dev: { size }, test: { size } }.',
        )
      }
    }
  }
  return families
}

/** A path (relative to the working directory) as a file URL; a package name as installed here. */
function resolveModule(specifier: string, cwd: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    return pathToFileURL(resolve(cwd, specifier)).href
  }
  try {
    return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(specifier)).href
  } catch {
    return specifier // as the CLI itself would resolve it
  }
}

function isFamily(value: unknown): value is EnvironmentFamily {
  if (typeof value !== 'object' || value === null) return false
  const f = value as Record<string, unknown>
  return (
    typeof f.specificationVersion === 'string' &&
    typeof f.id === 'string' &&
    typeof f.task === 'function' &&
    typeof f.create === 'function' &&
    typeof f.splits === 'object' &&
    f.splits !== null
  )
}

function loadError(specifier: string, problem: string, hint: string): RefineryError {
  return new RefineryError('invalid_input', `${FAMILIES_ENV}: '${specifier}': ${problem}.`, {
    hint,
  })
}
