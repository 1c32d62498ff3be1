#!/usr/bin/env node
// Makes a system tool some tests need (tmux for `play` on a terminal) present: found on PATH,
// else installed with apt-get when we are root on a system that has it (CI runs as root on
// Debian), else reported as missing with the reason, so the test skips and says why.
//   node scripts/ensure-tool.mjs tmux [apt-package]
import { spawnSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0

/**
 * @param {string} command the executable to find, such as `tmux`
 * @param {string} [aptPackage] the Debian package that provides it (default: `command`)
 * @returns {{ ok: true, installed: boolean } | { ok: false, reason: string }}
 */
export function ensureTool(command, aptPackage = command) {
  if (!/^[a-z0-9][a-z0-9.+-]*$/.test(command) || !/^[a-z0-9][a-z0-9.+-]*$/.test(aptPackage)) {
    return { ok: false, reason: `'${command}' is not a plain command name` }
  }
  if (onPath(command)) return { ok: true, installed: false }
  const manual = `install it (apt-get install -y ${aptPackage}) to run these tests`
  if (!onPath('apt-get'))
    return { ok: false, reason: `${command} is missing and apt-get is not available: ${manual}` }
  if (process.getuid?.() !== 0)
    return {
      ok: false,
      reason: `${command} is missing and only root may apt-get install it: ${manual}`,
    }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', aptPackage], {
      env,
      encoding: 'utf8',
      timeout: 300_000,
    })
  let result = install()
  if (result.status !== 0) {
    // A fresh container has no package lists yet.
    spawnSync('apt-get', ['update'], { env, encoding: 'utf8', timeout: 300_000 })
    result = install()
  }
  if (result.status === 0 && onPath(command)) return { ok: true, installed: true }
  const why = (result.stderr || result.error?.message || '').trim().split('\n').at(-1)
  return {
    ok: false,
    reason: `${command} is missing and apt-get install ${aptPackage} failed (${why}): ${manual}`,
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command, aptPackage] = process.argv.slice(2)
  if (!command) {
    console.error('usage: node scripts/ensure-tool.mjs COMMAND [APT-PACKAGE]')
    process.exit(2)
  }
  const result = ensureTool(command, aptPackage)
  if (result.ok) console.log(`${command}: ${result.installed ? 'installed' : 'present'}`)
  else console.error(`${command}: ${result.reason}`)
  process.exit(result.ok ? 0 : 1)
}
