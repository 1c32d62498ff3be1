#!/usr/bin/env node
import { main } from './main'

// `refinery play … | head -3`: the reader has gone, so there is no one left to tell.
// End quietly instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE')
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
  process.stderr.write(`refinery: cannot write to standard output: ${error.message}\n`)
  process.exit(1)
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // main() reports every error itself; reaching here is a bug in the CLI.
    process.stderr.write(
      `refinery: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    )
    process.exitCode = 1
  },
)
