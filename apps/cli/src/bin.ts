#!/usr/bin/env node
import { main } from './main'

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
