#!/usr/bin/env node
/**
 * Keeps every published package's metadata what npm users need, from one source: the root
 * package.json's `repository`, `homepage` and `bugs`. For each public workspace package it
 * sets `license`, `repository` (with the package's folder), `homepage`, `bugs`, and
 * `publishConfig.exports` — the `exports` map without the `@refinery/source` condition, so a
 * user whose tsconfig names that condition never compiles our sources — and copies LICENSE.
 *
 *   node scripts/package-meta.mjs          write what is missing or stale
 *   node scripts/package-meta.mjs --check  list what is, exit 1 (CI runs this)
 *
 * It also checks what cannot be written for a package: a README without relative links
 * (they break on npm), `files` that leave out sources and tests, and `engines`.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const check = process.argv.includes('--check')
const SOURCE_CONDITION = '@refinery/source'
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const problems = []

/** Workspace package folders, from pnpm-workspace.yaml's `packages` globs (`dir/*` only). */
function packageDirs() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
  const globs = [...yaml.matchAll(/^\s+-\s+(\S+)\s*$/gm)].map((m) => m[1])
  const dirs = []
  for (const glob of globs) {
    if (glob.endsWith('/*')) {
      const parent = join(root, glob.slice(0, -2))
      if (!existsSync(parent)) continue
      for (const name of readdirSync(parent).sort()) {
        if (existsSync(join(parent, name, 'package.json'))) dirs.push(join(parent, name))
      }
    } else if (existsSync(join(root, glob, 'package.json'))) dirs.push(join(root, glob))
  }
  return dirs
}

function stripSource(value) {
  if (Array.isArray(value)) return value.map(stripSource)
  if (value === null || typeof value !== 'object') return value
  const out = {}
  for (const [key, inner] of Object.entries(value)) {
    if (key !== SOURCE_CONDITION) out[key] = stripSource(inner)
  }
  return out
}

for (const dir of packageDirs()) {
  const file = join(dir, 'package.json')
  const text = readFileSync(file, 'utf8')
  const manifest = JSON.parse(text)
  if (manifest.private) continue
  const folder = relative(root, dir)
  const want = {
    license: 'MIT',
    repository: { ...rootManifest.repository, directory: folder },
    homepage: `${rootManifest.homepage}/tree/main/${folder}#readme`,
    bugs: rootManifest.bugs,
    // Sources are reached only through the stripped condition: users need dist alone.
    files: (manifest.files ?? ['dist']).filter((entry) => !/^!?src(\/|$)/.test(entry)),
    publishConfig: {
      ...manifest.publishConfig,
      access: 'public',
      exports: stripSource(manifest.exports),
    },
  }
  const next = { ...manifest, ...want }
  const nextText = `${JSON.stringify(next, null, 2)}\n`
  if (nextText !== text) {
    if (check) problems.push(`${folder}/package.json: metadata is stale`)
    else writeFileSync(file, nextText)
  }
  const license = join(dir, 'LICENSE')
  const rootLicense = readFileSync(join(root, 'LICENSE'), 'utf8')
  if (!existsSync(license) || readFileSync(license, 'utf8') !== rootLicense) {
    if (check) problems.push(`${folder}/LICENSE: missing or different from the root's`)
    else copyFileSync(join(root, 'LICENSE'), license)
  }
  const readme = join(dir, 'README.md')
  if (!existsSync(readme)) problems.push(`${folder}: no README.md`)
  else {
    const links = [...readFileSync(readme, 'utf8').matchAll(/\]\((?!https?:|#|mailto:)([^)]+)\)/g)]
    for (const link of links)
      problems.push(`${folder}/README.md: relative link '${link[1]}' breaks on npm`)
  }
  const files = manifest.files ?? []
  if (!files.includes('dist')) problems.push(`${folder}: files must include dist`)
  if (files.includes('src')) problems.push(`${folder}: files ship src, which users do not need`)
  if (manifest.engines?.node !== '>=20.19')
    problems.push(`${folder}: engines.node must be ">=20.19"`)
  // `export *` may only pass on a folder's curated index, never a module's internals.
  const index = join(dir, 'src', 'index.ts')
  const starred = existsSync(index)
    ? [...readFileSync(index, 'utf8').matchAll(/^export \* from '\.\/([\w/-]+)'/gm)]
    : []
  for (const [, target] of starred) {
    if (!existsSync(join(dir, 'src', target, 'index.ts')))
      problems.push(
        `${folder}/src/index.ts: export an explicit list of names from '${target}', not export *`,
      )
  }
}

for (const problem of problems) console.error(`package-meta: ${problem}`)
if (problems.length > 0) {
  console.error(
    `package-meta: ${problems.length} problem${problems.length === 1 ? '' : 's'}; run 'node scripts/package-meta.mjs' to fix the metadata, and mend the rest by hand.`,
  )
  process.exit(1)
}
