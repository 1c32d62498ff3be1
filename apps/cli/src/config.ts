import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { RefineryError } from '@refinery/core'
import { z } from 'zod'
import type { Io } from './io'

/** The file `refinery` looks for in the working folder and its parents. */
export const CONFIG_FILE = 'refinery.config.json'
/** Comma-separated modules (package names or paths) whose families join the built-in ones. */
export const FAMILIES_ENV = 'REFINERY_FAMILIES'

/** `refinery.config.json`: every key optional, an unknown key refused by name. */
export const ConfigFile = z
  .object({
    $schema: z.string().optional(),
    /** Modules (package names or paths, relative to this file) exporting environment families. */
    families: z.array(z.string().min(1)).optional(),
    /** Model under test or used by synthesis, as the OpenAI-compatible server names it. */
    model: z.string().min(1).optional(),
    /** Base URL of an OpenAI-compatible server, such as http://127.0.0.1:8000/v1. */
    baseUrl: z.string().url().optional(),
    /** API key; prefer OPENAI_API_KEY so the key stays out of files. */
    apiKey: z.string().optional(),
  })
  .strict()
export type ConfigFile = z.infer<typeof ConfigFile>

/** A module to load families from, with the folder a relative path or a package resolves from. */
export interface FamilySource {
  specifier: string
  base: string
  /** Where it was named, for error messages: `REFINERY_FAMILIES` or the config file's path. */
  origin: string
}

export interface ModelSettings {
  model?: string
  baseUrl?: string
  apiKey?: string
}

/** Settings from the environment over the config file; commands lay their flags on top. */
export interface Settings {
  /** The config file read, if any. */
  configPath: string | undefined
  families: FamilySource[]
  model: ModelSettings
}

/**
 * Reads the settings: environment variables (OPENAI_BASE_URL, OPENAI_API_KEY, REFINERY_MODEL,
 * REFINERY_FAMILIES) first, then `refinery.config.json` — `configFile` when given (--config),
 * else the nearest one in the working folder or its parents.
 */
export function loadSettings(io: Io, configFile?: string): Settings {
  const origin = userFolder(io)
  const configPath = configFile === undefined ? findConfig(origin) : resolve(origin, configFile)
  const config = configPath ? readConfig(configPath, configFile !== undefined) : {}
  const configDir = configPath ? dirname(configPath) : origin
  const fromEnv = (io.env[FAMILIES_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  // REFINERY_FAMILIES, like every variable, replaces the file's entry rather than adding to it.
  const families: FamilySource[] =
    io.env[FAMILIES_ENV] !== undefined && io.env[FAMILIES_ENV] !== ''
      ? fromEnv.map((specifier) => ({ specifier, base: origin, origin: FAMILIES_ENV }))
      : (config.families ?? []).map((specifier) => ({
          specifier,
          base: configDir,
          origin: configPath ?? CONFIG_FILE,
        }))
  const model: ModelSettings = {}
  const pick = (env: string, file: string | undefined) => io.env[env] || file
  const name = pick('REFINERY_MODEL', config.model)
  const baseUrl = pick('OPENAI_BASE_URL', config.baseUrl)
  const apiKey = pick('OPENAI_API_KEY', config.apiKey)
  if (name) model.model = name
  if (baseUrl) model.baseUrl = baseUrl
  if (apiKey) model.apiKey = apiKey
  return { configPath, families, model }
}

/** Model settings with a command's flags over `settings.model`. */
export function modelSettings(settings: Settings, flags: ModelSettings): ModelSettings {
  const merged: ModelSettings = { ...settings.model }
  for (const key of ['model', 'baseUrl', 'apiKey'] as const) {
    const value = flags[key]
    if (value) merged[key] = value
  }
  return merged
}

/**
 * The folder the user typed the command in. pnpm and npm run a package's script in the
 * package's folder and keep the user's in INIT_CWD, so `REFINERY_FAMILIES=./mine pnpm turbo
 * synth` from the root (turbo runs in apps/cli) resolves `./mine` from the root. INIT_CWD is
 * trusted only when it holds the working folder: a stale one inherited by a process started
 * elsewhere (a test in a temp folder) is ignored.
 */
export function userFolder(io: Io): string {
  const init = io.env.INIT_CWD
  if (init && isAbsolute(init)) {
    const below = relative(init, io.cwd)
    if (!below.startsWith('..') && !isAbsolute(below)) return init
  }
  return io.cwd
}

/** The nearest `refinery.config.json` from `start` upwards. */
function findConfig(start: string): string | undefined {
  let dir = resolve(start)
  for (;;) {
    const candidate = resolve(dir, CONFIG_FILE)
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function readConfig(path: string, named: boolean): ConfigFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new RefineryError(
      'invalid_input',
      `${path}: ${missing ? 'no such file' : 'cannot be read'}.`,
      { hint: named ? 'Check the path given to --config.' : 'Fix its permissions.' },
    )
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new RefineryError('invalid_input', `${path}: not valid JSON (${firstLine(error)}).`, {
      hint: 'Write the config as a JSON object, such as {"families": ["./my-env"]}.',
    })
  }
  const parsed = ConfigFile.safeParse(data)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const keys = Object.keys(ConfigFile.shape).filter((k) => k !== '$schema')
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `'${[...issue.path, k].join('.')}'`).join(', ')
    throw new RefineryError(
      'invalid_input',
      `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${names}.`,
      { hint: `Known keys: ${keys.join(', ')}.` },
    )
  }
  const where = issue.path.length ? issue.path.join('.') : '(top level)'
  throw new RefineryError('invalid_input', `${path}: ${where}: ${issue.message}.`, {
    hint: `Known keys: ${keys.join(', ')}; families is a list of package names or paths.`,
  })
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/\.$/, '')
}

/** The hint for a family id nobody registered: where third-party families come from. */
export function unknownFamilyHint(known: readonly string[]): string {
  return `Known families: ${known.join(', ') || '(none)'}. A family of your own joins them through ${FAMILIES_ENV}=./path-or-package or the "families" list of ${CONFIG_FILE}.`
}
