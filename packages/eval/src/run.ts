import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { type EpisodeResult, type EpisodeSink, episodeId, runEpisodes } from '@refinery/agent'
import {
  canonicalJson,
  type FamilyRegistry,
  RefineryError,
  Trajectory,
  type TrajectorySource,
} from '@refinery/core'
import { type AgentSpec, evalAgent } from './agents'
import { type Aggregates, aggregate } from './aggregate'
import { reportHtml } from './html'
import { resultsMarkdown } from './markdown'
import {
  type EpisodeMetrics,
  type EvalInfo,
  episodeMetrics,
  failedMetrics,
  NO_USAGE,
} from './metrics'
import { buildSuite, type SuiteJob, type SuiteOptions } from './suite'

export const RESULTS_SCHEMA = 'refinery.eval.v1'
export const TRAJECTORIES_FILE = 'trajectories.jsonl'

export interface EvalProgress {
  done: number
  total: number
  written: number
  failed: number
  successes: number
  promptTokens: number
  completionTokens: number
  costUsd: number
}

export interface RunEvalOptions {
  registry: FamilyRegistry
  suite?: SuiteOptions
  agent: AgentSpec
  /** The run folder: trajectories.jsonl, run.json, results.json, results.md. */
  outDir: string
  /** Continue the run already in outDir. */
  resume?: boolean
  /** Replace whatever is in outDir. */
  force?: boolean
  concurrency?: number
  signal?: AbortSignal
  onProgress?: (progress: EvalProgress) => void
  /** Seeds the bootstrap (default 0). */
  seed?: number
  /** A name for this run in tables (default: the agent, model and perturbation). */
  label?: string
}

export interface EvalResults {
  schema: typeof RESULTS_SCHEMA
  label: string
  settings: RunSettings
  complete: boolean
  aggregates: Aggregates
  /** In suite order. */
  episodes: EpisodeMetrics[]
}

export interface RunSettings {
  agent: string
  model: string | null
  families: string[]
  split: string
  limit: number | null
  seeds: number
  maxSteps: Record<string, number>
  profile: string
  perturb: string | null
}

/**
 * Evaluates an agent on a suite through `runEpisodes`: each episode appended whole to
 * trajectories.jsonl as it finishes; a resumed run skips what is there; at the end the file is
 * rewritten in suite order, so the output does not depend on concurrency or interruptions.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalResults> {
  const jobs = buildSuite(options.registry, options.suite ?? {})
  const agent = evalAgent(options.agent)
  const settings = runSettings(options, jobs, agent.name, agent.model)
  const label = options.label ?? defaultLabel(settings)
  const source: TrajectorySource = {
    kind: 'eval',
    agent: agent.name,
    ...(agent.model ? { model: agent.model } : {}),
    profile: settings.profile,
    perturb: settings.perturb,
  }
  const file = join(options.outDir, TRAJECTORIES_FILE)
  const records = prepareOutDir(options, settings)
  const byId = new Map<string, SuiteJob>()
  for (const job of jobs) {
    job.id = episodeId(job, agent.name, source, job.maxSteps)
    byId.set(job.id, job)
  }
  const progress: EvalProgress = {
    done: 0,
    total: jobs.length,
    written: 0,
    failed: 0,
    successes: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
  }
  for (const record of records.values()) {
    if (!byId.has(record.id)) continue
    progress.done++
    count(progress, episodeMetrics(record))
  }
  const sink: EpisodeSink = {
    has: (id) => records.has(id),
    write(result: EpisodeResult) {
      const job = byId.get(result.trajectory.id)!
      const info: EvalInfo = {
        repeat: job.repeat,
        maxSteps: job.maxSteps,
        curve: result.results.map((r) => r.progress),
        usage: agent.usage(result.trajectory.id) ?? NO_USAGE,
      }
      const record: Trajectory = {
        ...result.trajectory,
        source: { ...result.trajectory.source, eval: info },
      }
      appendFileSync(file, `${JSON.stringify(record)}\n`)
      records.set(record.id, record)
      count(progress, episodeMetrics(record))
    },
  }
  const failures = new Map<string, string>()
  // Longest step limits first, so the last wave of the pool is not a few long episodes; the
  // file is put back in suite order at the end.
  const order = [...jobs].sort((x, y) => y.maxSteps - x.maxSteps)
  const summary = await runEpisodes({
    jobs: order,
    agent: (job, id) => agent.make(job, id),
    agentName: agent.name,
    source,
    sink,
    concurrency: options.concurrency ?? 1,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress(p) {
      if (p.outcome === 'skipped') return
      if (p.outcome === 'failed') {
        failures.set(p.id, p.error ?? 'failed')
        progress.failed++
      } else progress.written++
      progress.done++
      options.onProgress?.({ ...progress })
    },
  })
  const interrupted = summary.interrupted
  const episodes = jobs.flatMap((job) => {
    const record = records.get(job.id!)
    if (record) return [episodeMetrics(record)]
    const error = failures.get(job.id!)
    return error === undefined
      ? []
      : [failedMetrics(job.id!, job.family.id, job.task.id, job.repeat, error)]
  })
  const complete = !interrupted && episodes.length === jobs.length && failures.size === 0
  if (!interrupted) {
    const ordered = jobs.flatMap((job) => {
      const record = records.get(job.id!)
      return record ? [`${JSON.stringify(record)}\n`] : []
    })
    writeWhole(file, ordered.join(''))
  }
  const results: EvalResults = {
    schema: RESULTS_SCHEMA,
    label,
    settings,
    complete,
    aggregates: aggregate(episodes, options.seed ?? 0),
    episodes,
  }
  writeWhole(join(options.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  writeWhole(join(options.outDir, 'results.md'), resultsMarkdown([results]))
  const trajectories = jobs.flatMap((job) => {
    const record = records.get(job.id!)
    return record ? [record] : []
  })
  writeWhole(join(options.outDir, 'report.html'), reportHtml({ run: results, trajectories }))
  return results
}

function count(progress: EvalProgress, metrics: EpisodeMetrics): void {
  if (metrics.success) progress.successes++
  progress.promptTokens += metrics.usage.promptTokens
  progress.completionTokens += metrics.usage.completionTokens
  progress.costUsd += metrics.usage.costUsd
}

function runSettings(
  options: RunEvalOptions,
  jobs: readonly SuiteJob[],
  agent: string,
  model: string | null,
): RunSettings {
  const suite = options.suite ?? {}
  const maxSteps: Record<string, number> = {}
  for (const job of jobs) maxSteps[job.family.id] = job.maxSteps
  return {
    agent,
    model,
    families: Object.keys(maxSteps).sort(),
    split: suite.split ?? 'test',
    limit: suite.limit ?? null,
    seeds: suite.seeds ?? 1,
    maxSteps,
    profile: suite.profile ?? 'rich',
    perturb: suite.perturb ?? null,
  }
}

function defaultLabel(s: RunSettings): string {
  return [s.model ?? s.agent, s.perturb ? `perturb ${s.perturb}` : null].filter(Boolean).join(', ')
}

/**
 * Refuses a run folder that already holds a run, unless resuming the same settings or forced.
 * Returns the records already written (a torn last line from a killed process is dropped).
 */
function prepareOutDir(options: RunEvalOptions, settings: RunSettings): Map<string, Trajectory> {
  const dir = options.outDir
  mkdirSync(dir, { recursive: true })
  const file = join(dir, TRAJECTORIES_FILE)
  const runFile = join(dir, 'run.json')
  const wanted = `${canonicalJson(settings)}\n`
  const records = new Map<string, Trajectory>()
  if (existsSync(file) || existsSync(runFile)) {
    if (options.force) {
      writeWhole(file, '')
    } else if (!options.resume) {
      throw new RefineryError('output_exists', `${dir} already holds an evaluation run.`, {
        hint: 'Pass --resume to continue it, --force to replace it, or choose another --out.',
      })
    } else {
      const previous = existsSync(runFile) ? readFileSync(runFile, 'utf8') : ''
      if (previous !== wanted) {
        throw new RefineryError('usage', `The run in ${dir} was made with other settings.`, {
          hint: 'Resume with the same flags, or pass --force to start over.',
        })
      }
      const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
      const whole = text.slice(0, text.lastIndexOf('\n') + 1)
      if (whole !== text) writeWhole(file, whole)
      whole.split('\n').forEach((line, i) => {
        if (!line) return
        const raw = safeJson(line)
        const parsed = Trajectory.safeParse(raw)
        if (!parsed.success) {
          throw new RefineryError('invalid_input', `Line ${i + 1} is not a trajectory record.`, {
            hint: 'Pass --force to start the run over.',
            path: file,
          })
        }
        // The line as written, so the final rewrite keeps its bytes.
        records.set(parsed.data.id, raw as Trajectory)
      })
    }
  } else {
    writeWhole(file, '')
  }
  writeWhole(runFile, wanted)
  return records
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return null
  }
}

/** Writes a file whole: a temporary file renamed over it. */
export function writeWhole(path: string, text: string): void {
  const temp = `${path}.tmp-${process.pid}`
  writeFileSync(temp, text)
  renameSync(temp, path)
}
