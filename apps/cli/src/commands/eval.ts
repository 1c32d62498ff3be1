import { resolve } from 'node:path'
import { FEEDBACK_PROFILES, type FeedbackProfile, type Split } from '@refinery/core'
import {
  AGENT_KINDS,
  type AgentKind,
  type AgentSpec,
  type EvalProgress,
  PERTURB_KINDS,
  type PerturbKind,
  runEval,
} from '@refinery/eval'
import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { parseIntegerOption, usage } from '../io'
import type { CommandContext } from '../main'
import { plainProgress } from '../progress'
import { ensureOutputDir } from './files'
import { type ModelFlags, modelClient, withModelFlags } from './model'

interface EvalOptions extends ModelFlags {
  agent?: string
  replay?: string
  families?: string
  split: string
  limit?: string
  maxSteps?: string
  steps?: string
  profile: string
  perturb?: string
  seeds: string
  concurrency: string
  out: string
  resume?: boolean
  force?: boolean
  quiet?: boolean
}

const SPLITS = ['train', 'dev', 'test'] as const

export function registerEval(program: Command, context: CommandContext): void {
  const { io, registry, setExitCode } = context
  const command = program
    .command('eval')
    .description(
      'evaluate an agent on held-out tasks: success, progress, grounding, outcomes with 95% CIs',
    )
    .option(
      '--agent <kind>',
      `the agent: ${AGENT_KINDS.join(', ')} (default: openai when a model is configured by --model, REFINERY_MODEL or refinery.config.json, else oracle)`,
    )
    .option('--replay <file>', 'the trajectories file --agent replay plays back')
    .option('--families <ids>', 'comma-separated family ids (default: all)')
    .option('--split <split>', `the split: ${SPLITS.join(', ')}`, 'test')
    .option('--limit <n>', 'the first N tasks of each family')
    .option(
      '--max-steps <n>',
      'assistant turns per episode, every turn a step (default 30; adventure and planning 50)',
    )
    .option('--steps <list>', 'step limits per family, such as adventure=60,grid=20')
    .option('--profile <profile>', `feedback profile: ${FEEDBACK_PROFILES.join(', ')}`, 'rich')
    .option('--perturb <kind>', `robustness run: ${PERTURB_KINDS.join(', ')}`)
    .option('--seeds <k>', 'repeats of every task with different sampling seeds', '1')
    .option('--concurrency <c>', 'episodes at once', '4')
    .option('--out <dir>', 'the run folder', 'out/eval')
    .option('--resume', 'continue the run in --out')
    .option('--force', 'replace the run in --out')
    .option('--quiet', 'no progress output')
  withModelFlags(command).action(async (options: EvalOptions) => {
    if (options.resume && options.force)
      throw usage('--resume and --force cannot be used together.')
    const concurrency = parseIntegerOption('concurrency', options.concurrency, 1)
    const agent = agentSpec(options, context, concurrency)
    const suite = {
      ...(options.families ? { families: splitList(options.families) } : {}),
      split: choice('split', options.split, SPLITS) as Split,
      ...(options.limit === undefined
        ? {}
        : { limit: parseIntegerOption('limit', options.limit, 1) }),
      ...(options.maxSteps === undefined
        ? {}
        : { maxSteps: parseIntegerOption('max-steps', options.maxSteps, 1) }),
      ...(options.steps === undefined ? {} : { stepsByFamily: stepList(options.steps) }),
      profile: choice('profile', options.profile, FEEDBACK_PROFILES) as FeedbackProfile,
      perturb:
        options.perturb === undefined
          ? null
          : (choice('perturb', options.perturb, PERTURB_KINDS) as PerturbKind),
      seeds: parseIntegerOption('seeds', options.seeds, 1),
    }
    for (const id of suite.families ?? []) registry.get(id)
    const outDir = await ensureOutputDir(io, options.out)
    const show = options.quiet ? null : progressView(io)
    const controller = new AbortController()
    const stop = () => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
      const results = await runEval({
        registry,
        suite,
        agent,
        outDir,
        concurrency,
        ...(options.resume ? { resume: true } : {}),
        ...(options.force ? { force: true } : {}),
        signal: controller.signal,
        ...(show ? { onProgress: show.update } : {}),
      })
      show?.stop()
      const all = results.aggregates.overall
      const line = `${all.episodes} episodes: success ${pct(all.success.mean)}% [${pct(all.success.low)}, ${pct(all.success.high)}], progress ${pct(all.progress.mean)}%, grounding ${pct(all.grounding.mean)}%`
      if (controller.signal.aborted) {
        io.stderr(
          `refinery: interrupted; ${line} so far in ${options.out}. Run again with --resume to finish.\n`,
        )
        setExitCode(130)
      } else {
        if (!options.quiet)
          io.stdout(`${line}. Results in ${options.out}/results.json and results.md.\n`)
        if (!results.complete) {
          const failed = results.episodes.filter((e) => e.error !== undefined).length
          const total = results.aggregates.overall.episodes
          io.stderr(
            `refinery: the run is incomplete (${total} episodes scored, ${failed} failed at run time); run again with --resume to retry the failed and run the rest.\n`,
          )
          setExitCode(1)
        }
      }
    } finally {
      show?.stop()
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
  })
}

function agentSpec(options: EvalOptions, context: CommandContext, concurrency: number): AgentSpec {
  const configured = options.model ?? context.settings.model.model
  const kind = choice(
    'agent',
    options.agent ?? (configured ? 'openai' : 'oracle'),
    AGENT_KINDS,
  ) as AgentKind
  if (kind === 'replay') {
    if (!options.replay)
      throw usage('--agent replay needs --replay FILE (a trajectories JSONL file).')
    return { kind, file: resolve(options.replay) }
  }
  if (kind !== 'openai') return { kind }
  // As many requests in flight as episodes at once: the client must not be the bottleneck.
  const client = modelClient(context, options, { concurrency })
  return { kind, client, model: client.model }
}

function progressView(io: CommandContext['io']) {
  const started = Date.now()
  const fields = (p: EvalProgress) => {
    const seconds = (Date.now() - started) / 1000
    const rate = p.done - p.failed > 0 ? p.done / Math.max(seconds, 1e-3) : 0
    return {
      rate: rate.toFixed(2),
      eta: rate > 0 ? Math.round((p.total - p.done) / rate) : '?',
      sr: p.done > 0 ? pct(p.successes / p.done) : '0.0',
      tokens: p.promptTokens + p.completionTokens,
      cost: p.costUsd.toFixed(4),
    }
  }
  if (io.stderrIsTty) {
    const bar = new SingleBar({
      format:
        'eval [{bar}] {value}/{total} episodes | {rate}/s | ETA {eta}s | success {sr}% | {tokens} tokens | {cost} USD',
      hideCursor: true,
    })
    let shown = false
    return {
      update(p: EvalProgress) {
        if (!shown) {
          bar.start(p.total, 0, fields(p))
          shown = true
        }
        bar.update(p.done, fields(p))
      },
      stop: () => bar.stop(),
    }
  }
  const plain = plainProgress()
  return {
    update(p: EvalProgress) {
      if (!plain.due(p.done, p.total)) return
      const f = fields(p)
      io.stderr(
        `eval ${p.done}/${p.total} episodes, ${f.rate}/s, ETA ${f.eta}s, success ${f.sr}%, ${f.tokens} tokens, ${f.cost} USD\n`,
      )
    },
    stop() {},
  }
}

function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T))
    throw usage(`--${flag} '${value}' is not one of: ${allowed.join(', ')}.`)
  return value as T
}

function stepList(text: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const item of splitList(text)) {
    const [id, n] = item.split('=')
    if (!id || n === undefined) throw usage(`--steps '${item}' is not family=N.`)
    out[id.trim()] = parseIntegerOption('steps', n, 1)
  }
  return out
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

const pct = (x: number) => (100 * x).toFixed(1)
