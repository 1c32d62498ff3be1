// A worker setup that keeps allocating: it must hit the worker's heap limit, not the machine's.
import type { SynthSetup } from '../workers'

/** Enough to exhaust any limit a test sets (some 8 GiB), so the loop still has an end. */
const MAX_CHUNKS = 16_384

export function synthSetup(): SynthSetup {
  const hoard: number[][] = []
  for (let i = 0; i < MAX_CHUNKS; i++) hoard.push(new Array(1 << 16).fill(i))
  throw new Error(`kept ${hoard.length} chunks without running out of memory`)
}
