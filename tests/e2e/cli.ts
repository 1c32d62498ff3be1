import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const cliBin = resolve(repoRoot, 'apps/cli/dist/bin.js')

export interface CliResult {
  status: number
  stdout: string
  stderr: string
}

/** Runs the built CLI the way a user does, in `cwd`, with optional standard input. */
export function refinery(
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  if (!existsSync(cliBin))
    throw new Error(`${cliBin} is missing: build the CLI first (pnpm turbo build).`)
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, REFINERY_DEBUG: '', ...options.env },
    timeout: 300_000,
  })
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}
