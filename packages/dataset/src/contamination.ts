import { oracleAgent, runEpisode } from '@refinery/agent'
import {
  type EnvironmentFamily,
  type FamilyRegistry,
  type Message,
  RefineryError,
  type Split,
  Trajectory,
} from '@refinery/core'
import { firstIssue } from './export'
import { type JsonlSource, readJsonl } from './jsonl'
import { ngramKeys, tokenHashes, tokenize } from './text'

/**
 * Contamination against an evaluation split, by the Llama 2 method: a token is contaminated
 * when it lies inside an n-gram of at least 10 tokens that the split also holds (every such
 * n-gram contains a 10-gram, so 10-grams suffice); a record is clean below 20% contaminated
 * tokens and dirty above 80%. Exact 13-gram hits are counted too.
 *
 * Template text must not count: n-grams that two or more tasks of the split share (the
 * system prompt, instructions, fixed phrasing of observations), that a sample of the
 * family's train episodes also produces, or that records of two different tasks in the
 * checked file share, are template, not evidence. Tokens covered only by template n-grams
 * are left out of both the count and the total, so a record's ratio measures how much of
 * its task-specific text comes from the split.
 */

export const CONTAMINATION_N = 10
export const EXACT_N = 13
export const CLEAN_BELOW = 0.2
export const DIRTY_ABOVE = 0.8

export type Verdict = 'clean' | 'mixed' | 'dirty'

export interface ReferenceOptions {
  /** The evaluation split (default `test`). */
  split?: Split
  /** Tasks per family from the split (default: all). */
  limit?: number
  /**
   * Train tasks per family whose oracle episodes count as template (default 200). Text
   * environments phrase every task from a small vocabulary, so a 10-gram seen in one test
   * task is often seen in train tasks too; sampling enough of them tells the two apart.
   */
  templateSample?: number
  /** Called after each reference episode. */
  onEpisode?: (done: number, total: number) => void
}

/** The n-grams of an evaluation split: those specific to one task, and template ones. */
export class EvaluationReference {
  readonly specific = new Set<number>()
  readonly template = new Set<number>()
  readonly exact = new Set<number>()
  /** Reference episodes per family. */
  readonly episodes: Record<string, number> = {}

  /** The reference as plain JSON, to cache it between runs. */
  toJSON(): {
    specific: number[]
    template: number[]
    exact: number[]
    episodes: Record<string, number>
  } {
    return {
      specific: [...this.specific],
      template: [...this.template],
      exact: [...this.exact],
      episodes: { ...this.episodes },
    }
  }

  static fromJSON(value: ReturnType<EvaluationReference['toJSON']>): EvaluationReference {
    const reference = new EvaluationReference()
    for (const key of value.specific) reference.specific.add(key)
    for (const key of value.template) reference.template.add(key)
    for (const key of value.exact) reference.exact.add(key)
    Object.assign(reference.episodes, value.episodes)
    return reference
  }

  /** Builds the reference by running each family's split tasks with the oracle agent. */
  static async fromRegistry(
    registry: FamilyRegistry,
    options: ReferenceOptions = {},
  ): Promise<EvaluationReference> {
    const split = options.split ?? 'test'
    const plan = registry
      .ids()
      .map((id) => registry.get(id))
      .map((family) => ({
        family,
        tasks: Math.min(family.splits[split].size, options.limit ?? Number.POSITIVE_INFINITY),
        templates: Math.min(
          split === 'train' ? 0 : family.splits.train.size,
          options.templateSample ?? 200,
        ),
      }))
    const total = plan.reduce((sum, p) => sum + p.tasks + p.templates, 0)
    const reference = new EvaluationReference()
    let done = 0
    const tick = () => options.onEpisode?.(++done, total)
    for (const { family, tasks, templates } of plan) {
      const taskTexts: string[][] = []
      for (let i = 0; i < tasks; i++) {
        taskTexts.push(await episodeTexts(family, split, i))
        tick()
      }
      const trainTexts: string[][] = []
      for (let i = 0; i < templates; i++) {
        trainTexts.push(await episodeTexts(family, 'train', i))
        tick()
      }
      reference.addFamily(taskTexts, trainTexts)
      reference.episodes[family.id] = tasks
    }
    return reference
  }

  /**
   * Adds one family: the texts of each split task, and texts whose n-grams are template
   * (train episodes). An n-gram in two split tasks, or in the template texts, is template.
   */
  addFamily(
    taskTexts: readonly (readonly string[])[],
    templateTexts: readonly (readonly string[])[],
  ): void {
    const owner = new Map<number, number>()
    const owner13 = new Map<number, number>()
    const template = new Set<number>()
    for (const texts of templateTexts) {
      for (const text of texts) {
        const hashes = tokenHashes(tokenize(text))
        for (const key of ngramKeys(hashes, CONTAMINATION_N)) template.add(key)
        for (const key of ngramKeys(hashes, EXACT_N)) template.add(-key - 1)
      }
    }
    for (const [task, texts] of taskTexts.entries()) {
      for (const text of texts) {
        const hashes = tokenHashes(tokenize(text))
        for (const key of ngramKeys(hashes, CONTAMINATION_N)) claim(owner, key, task)
        for (const key of ngramKeys(hashes, EXACT_N)) claim(owner13, key, task)
      }
    }
    for (const [key, task] of owner) {
      if (task < 0 || template.has(key)) this.template.add(key)
      else this.specific.add(key)
    }
    for (const [key, task] of owner13) if (task >= 0 && !template.has(-key - 1)) this.exact.add(key)
    for (const key of template) if (key >= 0) this.template.add(key)
    for (const key of this.template) this.specific.delete(key)
  }

  /**
   * Demotes to template the split-specific n-grams that records of two or more different
   * tasks share: text that several tasks produce is the family's phrasing, not one test
   * task's. Call it with every record of a file before scoring (memory stays bounded by the
   * reference: only n-grams already in it are tracked).
   */
  observeTaskText(tracker: Map<number, string>, task: string, messages: readonly Message[]): void {
    for (const message of messages) {
      for (const key of ngramKeys(tokenHashes(tokenize(message.content)), CONTAMINATION_N)) {
        if (!this.specific.has(key)) continue
        const owner = tracker.get(key)
        if (owner === undefined) tracker.set(key, task)
        else if (owner !== task && owner !== '') tracker.set(key, '')
      }
    }
  }

  /** Applies what `observeTaskText` saw: n-grams of several tasks become template. */
  demoteShared(tracker: Map<number, string>): number {
    let demoted = 0
    for (const [key, owner] of tracker) {
      if (owner !== '') continue
      this.specific.delete(key)
      this.template.add(key)
      demoted++
    }
    return demoted
  }

  /** Scores one record's messages. */
  score(messages: readonly Message[]): RecordContamination {
    let counted = 0
    let contaminated = 0
    let exactHits = 0
    for (const message of messages) {
      const hashes = tokenHashes(tokenize(message.content))
      const marks = new Uint8Array(hashes.length)
      const keys = ngramKeys(hashes, CONTAMINATION_N)
      for (const [i, key] of keys.entries()) {
        const mark = this.specific.has(key) ? 2 : this.template.has(key) ? 1 : 0
        if (mark === 0) continue
        for (let j = i; j < i + CONTAMINATION_N; j++) marks[j] = Math.max(marks[j]!, mark)
      }
      for (const mark of marks) {
        if (mark !== 1) counted++
        if (mark === 2) contaminated++
      }
      for (const key of ngramKeys(hashes, EXACT_N)) if (this.exact.has(key)) exactHits++
    }
    const ratio = counted === 0 ? 0 : contaminated / counted
    return { ratio: round(ratio), verdict: verdictOf(ratio), exactHits }
  }
}

function claim(owner: Map<number, number>, key: number, task: number): void {
  const current = owner.get(key)
  if (current === undefined) owner.set(key, task)
  else if (current !== task) owner.set(key, -1)
}

async function episodeTexts(
  family: EnvironmentFamily,
  split: Split,
  index: number,
): Promise<string[]> {
  const task = family.task(split, index)
  try {
    const { trajectory } = await runEpisode({
      family,
      task,
      agent: oracleAgent(),
      source: { kind: 'eval', agent: 'oracle' },
      id: `reference/${task.id}`,
    })
    return trajectory.messages.map((m) => m.content)
  } catch (error) {
    // An oracle that runs out of budget on one task must not void the reference: the task
    // and its first observation, what a leaked record would share first, still count.
    if (!RefineryError.isInstance(error) || (error.code !== 'limit' && error.code !== 'unsolvable'))
      throw error
    const env = family.create(task)
    try {
      const first = await env.reset()
      return [first.instruction, first.observation]
    } finally {
      await env.close?.()
    }
  }
}

export function verdictOf(ratio: number): Verdict {
  if (ratio < CLEAN_BELOW) return 'clean'
  if (ratio > DIRTY_ABOVE) return 'dirty'
  return 'mixed'
}

const round = (x: number) => Math.round(x * 10000) / 10000

export interface RecordContamination {
  /** Contaminated tokens over counted tokens (template-only tokens are not counted). */
  ratio: number
  verdict: Verdict
  /** 13-grams of the record found in the split (outside template text). */
  exactHits: number
}

export interface FamilyContamination {
  records: number
  clean: number
  mixed: number
  dirty: number
  /** Records with at least one exact 13-gram hit. */
  exactHitRecords: number
  meanRatio: number
}

export interface ContaminationReport {
  split: Split
  total: number
  /** Per family of the records, keys sorted. */
  families: Record<string, FamilyContamination>
  /** Dirty and mixed records, in file order. */
  flagged: {
    line: number
    id: string
    env: string
    ratio: number
    verdict: Verdict
    exactHits: number
  }[]
  /** Lines that are not records. */
  skipped: { line: number; problem: string }[]
}

/**
 * Streams a trajectory file through the reference; memory does not grow with the file. A
 * file given by path is read twice: first to find the split's n-grams that records of
 * different tasks share (`observeTaskText`), then to score.
 */
export async function contaminationFile(
  source: JsonlSource,
  reference: EvaluationReference,
  options: { split?: Split; onLine?: (line: number) => void } = {},
): Promise<ContaminationReport> {
  const families = new Map<string, FamilyContamination & { sum: number }>()
  const report: ContaminationReport = {
    split: options.split ?? 'test',
    total: 0,
    families: {},
    flagged: [],
    skipped: [],
  }
  if (typeof source === 'string') {
    const tracker = new Map<number, string>()
    for await (const entry of readJsonl(source)) {
      const parsed = entry.error === undefined ? Trajectory.safeParse(entry.value) : null
      if (parsed?.success)
        reference.observeTaskText(tracker, parsed.data.task, parsed.data.messages)
    }
    reference.demoteShared(tracker)
  }
  for await (const entry of readJsonl(source)) {
    options.onLine?.(entry.line)
    if (entry.error !== undefined) {
      report.skipped.push({ line: entry.line, problem: entry.error })
      continue
    }
    const parsed = Trajectory.safeParse(entry.value)
    if (!parsed.success) {
      report.skipped.push({
        line: entry.line,
        problem: `not a trajectory record: ${firstIssue(parsed.error)}`,
      })
      continue
    }
    const record = parsed.data
    report.total++
    const score = reference.score(record.messages)
    let family = families.get(record.env)
    if (!family) {
      family = {
        records: 0,
        clean: 0,
        mixed: 0,
        dirty: 0,
        exactHitRecords: 0,
        meanRatio: 0,
        sum: 0,
      }
      families.set(record.env, family)
    }
    family.records++
    family[score.verdict]++
    family.sum += score.ratio
    if (score.exactHits > 0) family.exactHitRecords++
    if (score.verdict !== 'clean') {
      report.flagged.push({ line: entry.line, id: record.id, env: record.env, ...score })
    }
  }
  for (const id of [...families.keys()].sort()) {
    const { sum, ...family } = families.get(id)!
    report.families[id] = { ...family, meanRatio: round(sum / family.records) }
  }
  return report
}

export function assertSplit(value: string): Split {
  if (value === 'train' || value === 'dev' || value === 'test') return value
  throw new RefineryError(
    'usage',
    `--against must be a split (train, dev or test), got '${value}'.`,
    {
      hint: 'Use --against test.',
    },
  )
}
