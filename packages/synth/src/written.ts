import { FamilyRegistry, RefineryError, stableHash } from '@refinery/core'
import { toJsonlLine, verifyTrajectory } from '@refinery/dataset'
import type { SynthConfig } from './config'
import { isUnavailable, type RecordMode, type WrittenAttempt } from './mode'
import type { Decided } from './run'
import { failureText, type SynthSummary } from './summary'

/**
 * Decides the slots `[from, to)` of a record-writing mode: rounds of attempts (each a fresh
 * start, e.g. a new script) until every slot is kept or out of attempts; each record is
 * verified with `verifyTrajectory` and stamped with the verification's hash. Attempts run
 * `concurrency` at once; the result depends on the slots only. Returns null when the run
 * must stop (aborted, or the spending cap reached): the chunk is dropped whole.
 */
export async function decideWrittenChunk(
  mode: RecordMode,
  config: SynthConfig,
  from: number,
  to: number,
  summary: SynthSummary,
  concurrency: number,
  signal: AbortSignal | undefined,
): Promise<Map<number, Decided> | null> {
  const decided = new Map<number, Decided>()
  let pending = Array.from({ length: to - from }, (_, i) => from + i)
  for (let attempt = 0; attempt < config.maxAttempts && pending.length > 0; attempt++) {
    const written = new Map<number, WrittenAttempt | { failed: string }>()
    let stop = false
    let unavailable: unknown = null
    const next = pending.slice()
    const worker = async () => {
      for (let slot = next.shift(); slot !== undefined && !stop; slot = next.shift()) {
        // One signal per attempt: the SDK leaves a listener on the signal of each request,
        // which on the run's own signal would pile up over thousands of calls.
        const own = new AbortController()
        const forward = () => own.abort()
        signal?.addEventListener('abort', forward, { once: true })
        try {
          written.set(slot, await mode.write({ config, slot, attempt, signal: own.signal }))
        } catch (error) {
          if (isUnavailable(error)) {
            // Nothing answers at the model server: every slot would fail alike.
            unavailable ??= error
            stop = true
          } else if (signal?.aborted || stops(error)) stop = true
          else if (RefineryError.isInstance(error) && error.code === 'llm_error')
            written.set(slot, { failed: failureText(error) })
          else throw error
        } finally {
          signal?.removeEventListener('abort', forward)
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker))
    if (unavailable) throw unavailable
    if (stop || signal?.aborted) return null
    for (const slot of pending) {
      const result = written.get(slot)!
      summary.attempted++
      summary.families[mode.family]!.attempted++
      if ('failed' in result) {
        summary.rejected['episode failed']++
        summary.failures.push({ slot, attempt, family: mode.family, error: result.failed })
        continue
      }
      addCounts(summary, mode, result.counts)
      if (!result.record) {
        summary.rejected[result.rejected ?? 'episode failed']++
        continue
      }
      const record = {
        ...result.record,
        id: stableHash({ mode: config.mode, seed: config.seed, family: mode.family, slot }),
      }
      // A script record is checked against its own script: no family is looked up.
      const report = await verifyTrajectory(record, NO_FAMILIES, {
        minErrorRefinePairs: config.minErrorRefinePairs,
        checkStored: false,
      })
      const problem = report.problems[0]
      if (problem || report.finalStateHash === null) {
        summary.rejected[problem?.kind ?? 'rule check']++
        continue
      }
      const stamped = {
        ...record,
        verified: { by: 'rules' as const, ok: true, finalStateHash: report.finalStateHash },
      }
      decided.set(slot, {
        line: toJsonlLine(stamped),
        env: stamped.env,
        steps: stamped.outcome.steps,
        pairs: stamped.outcome.errorRefinePairs,
        statuses: stamped.messages.flatMap((m) => (m.role === 'assistant' ? [m.status] : [])),
        mistakes: result.mistakes,
        // The model wrote the script from the persona: the world is the persona's.
        themed: true,
      })
    }
    pending = pending.filter((slot) => !decided.has(slot))
  }
  return decided
}

const NO_FAMILIES = new FamilyRegistry()

/** Errors that stop the whole run rather than one attempt. */
function stops(error: unknown): boolean {
  return (
    RefineryError.isInstance(error) &&
    (error.code === 'budget_exceeded' || error.code === 'interrupted')
  )
}

/** Adds an attempt's counts to the summary and refreshes the mode's derived figures. */
function addCounts(summary: SynthSummary, mode: RecordMode, counts: Record<string, number>): void {
  for (const [name, n] of Object.entries(counts)) summary.mode[name] = (summary.mode[name] ?? 0) + n
  Object.assign(summary.mode, mode.figures(summary.mode))
}
