#!/usr/bin/env node
// The installed command. It lives outside dist/ so that a workspace install, which links
// bins before anything is built, finds it; it runs the built CLI.
import { existsSync } from 'node:fs'

const built = new URL('../dist/bin.js', import.meta.url)
if (!existsSync(built)) {
  process.stderr.write(
    "refinery: the CLI is not built yet. Run 'npx -y pnpm@10.34.9 turbo build' at the repository root.\n",
  )
  process.exit(2)
}
await import(built.href)
