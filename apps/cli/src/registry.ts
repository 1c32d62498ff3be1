import { readFileSync, statSync } from 'node:fs'
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
import { FAMILIES_ENV, type FamilySource, type Settings, unknownFamilyHint } from './config'

export { FAMILIES_ENV }

const BUILT_IN = [adventure, generated, grid, household, lab, planning]

/** The families this CLI ships with. */
export function defaultRegistry(): FamilyRegistry {
  return new FamilyRegistry(BUILT_IN)
}

/**
 * The built-in families plus those of the modules the settings name (REFINERY_FAMILIES or the
 * config file's `families`), so a family developed in its own package plugs in without changes
 * here. Each module exports `family`, `families` or a default family.
 */
export async function loadRegistry(settings: Settings): Promise<FamilyRegistry> {
  const registry = new CliRegistry(BUILT_IN)
  for (const source of settings.families) {
    for (const family of await loadFamilies(source)) {
      if (registry.has(family.id)) {
        throw loadError(
          source,
          `its family '${family.id}' is already registered`,
          'Give the family another id, or name the module once.',
        )
      }
      registry.register(family)
    }
  }
  return registry
}

/** A registry whose unknown-family error says how a family of one's own gets registered. */
class CliRegistry extends FamilyRegistry {
  override get(id: string): EnvironmentFamily {
    if (this.has(id)) return super.get(id)
    throw new RefineryError('unknown_family', `Unknown family '${id}'.`, {
      hint: unknownFamilyHint(this.ids()),
    })
  }
}

async function loadFamilies(source: FamilySource): Promise<EnvironmentFamily[]> {
  let module: Record<string, unknown>
  try {
    module = (await import(resolveModule(source.specifier, source.base))) as Record<string, unknown>
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error)
    throw loadError(
      source,
      `it cannot be loaded (${reason.replace(/\.$/, '')})`,
      'Name a package installed here or the path of a built module (.js).',
    )
  }
  const exported = module.families ?? module.family ?? module.default
  const families = Array.isArray(exported) ? exported : [exported]
  if (families.length === 0 || !families.every(isFamily)) {
    throw loadError(
      source,
      'it exports no environment family',
      'Export `family` (an EnvironmentFamily with specificationVersion, id, splits, task and create), `families`, or a default.',
    )
  }
  for (const family of families) {
    for (const split of SPLITS) {
      const size = (family.splits as Partial<EnvironmentFamily['splits']>)[split]?.size
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw loadError(
          source,
          `its family '${family.id}' gives no size for its ${split} split`,
          'Declare splits: { train: { size }, dev: { size }, test: { size } }.',
        )
      }
    }
  }
  return families
}

/** A path (relative to `base`) as a file URL; a package name as installed from `base`. */
function resolveModule(specifier: string, base: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolve(base, specifier)
    return pathToFileURL(isDirectory(path) ? packageEntry(path) : path).href
  }
  try {
    return pathToFileURL(createRequire(join(base, 'package.json')).resolve(specifier)).href
  } catch {
    return specifier // as the CLI itself would resolve it
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** A package folder's entry: its own name resolved through its exports, else `main`. */
function packageEntry(dir: string): string {
  const manifest = join(dir, 'package.json')
  const { name, main } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    name?: string
    main?: string
  }
  if (name) {
    try {
      return createRequire(manifest).resolve(name)
    } catch {
      // no exports map: fall back to main
    }
  }
  return join(dir, main ?? 'index.js')
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

function loadError(source: FamilySource, problem: string, hint: string): RefineryError {
  return new RefineryError(
    'invalid_input',
    `${source.origin}: '${source.specifier}': ${problem}.`,
    {
      hint,
    },
  )
}
