import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { RefineryError } from '@refinery/core'
import { type EvalResults, RESULTS_SCHEMA } from './run'

/** Reads a run folder's results.json (or the file itself), failing with one clear line. */
export function loadResults(path: string): EvalResults {
  const file = path.endsWith('.json') ? path : join(path, 'results.json')
  let value: unknown
  try {
    value = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    throw new RefineryError('invalid_input', `Cannot read evaluation results from '${file}'.`, {
      hint: 'Pass the folder of a finished `refinery eval` run (it holds results.json).',
    })
  }
  const results = value as Partial<EvalResults>
  if (
    results?.schema !== RESULTS_SCHEMA ||
    !Array.isArray(results.episodes) ||
    !results.aggregates
  ) {
    throw new RefineryError('invalid_input', `'${file}' is not a ${RESULTS_SCHEMA} results file.`, {
      hint: 'Pass the folder of a `refinery eval` run.',
    })
  }
  return results as EvalResults
}
