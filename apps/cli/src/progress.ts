import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { SingleBar } from 'cli-progress'
import type { Io } from './io'

/** Inputs with at least this many bytes get progress reports. */
const LONG_INPUT = 1 << 20
/** Lines between plain progress lines when stderr is not a terminal. */
const PLAIN_EVERY = 10_000

export interface LineProgress {
  /** Reports that `line` lines have been read. */
  tick(line: number): void
  stop(): void
}

/**
 * Progress over a JSONL input: a bar with count, rate and ETA on a terminal (the lines are
 * counted first, a fast byte scan), a plain line with the rate every 10,000 lines otherwise,
 * nothing with --quiet or on a short input.
 */
export async function lineProgress(
  io: Io,
  path: string,
  label: string,
  options: { quiet?: boolean } = {},
): Promise<LineProgress> {
  const size = options.quiet ? 0 : (await stat(path)).size
  if (options.quiet || size < LONG_INPUT) return { tick: () => {}, stop: () => {} }
  if (io.stderrIsTty) {
    const total = await countLines(path)
    const bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} lines | {rate} lines/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    })
    const started = performance.now()
    bar.start(total, 0, { rate: '0' })
    let last = 0
    return {
      tick: (line) => {
        if (line - last >= 256 || line === total) {
          last = line
          bar.update(line, { rate: rateOf(line, started) })
        }
      },
      stop: () => bar.stop(),
    }
  }
  let next = PLAIN_EVERY
  const started = performance.now()
  return {
    tick: (line) => {
      if (line >= next) {
        io.stderr(
          `refinery: ${label}: ${line.toLocaleString('en')} lines, ${rateOf(line, started)} lines/s\n`,
        )
        next += PLAIN_EVERY
      }
    },
    stop: () => {},
  }
}

/** Lines a second since `started`, rounded for display. */
function rateOf(lines: number, started: number): string {
  const seconds = (performance.now() - started) / 1000
  return seconds > 0 ? Math.round(lines / seconds).toLocaleString('en') : '0'
}

async function countLines(path: string): Promise<number> {
  let lines = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer
    let at = bytes.indexOf(10)
    while (at >= 0) {
      lines++
      at = bytes.indexOf(10, at + 1)
    }
  }
  return lines
}

/** Seconds a run goes on before plain progress lines start. */
const QUIET_START_MS = 3_000

/**
 * When to print a plain progress line (stderr is not a terminal): at each tenth of the run,
 * and only once it has gone on for a few seconds, so a short run prints nothing but its result.
 */
export function plainProgress(now: () => number = () => performance.now()): {
  due(done: number, total: number): boolean
} {
  const started = now()
  let next = 0
  return {
    due(done, total) {
      if (now() - started < QUIET_START_MS) return false
      if (done < next) return false
      next = done + Math.max(1, Math.ceil(total / 10))
      return true
    },
  }
}
