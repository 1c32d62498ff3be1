import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rngStream } from '@refinery/core'
import { benchMachine, measureRate, writeBenchReport } from '@refinery/core/bench'
// The built package, as users run it: tsx-transpiled sources reach each other through
// export getters and measure a third slower.
import { compileActionSpace, groundAction, parseOutput, renderOutput } from '@refinery/parser'
import { sampleSpace } from '../src/__fixtures__/sample-space'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const space = sampleSpace()
const rng = rngStream(7, 'bench')

function randomAction(): string {
  const template = rng.pick(space.templates)
  let text = template.pattern.replace('in/on', rng.pick(['in', 'on', 'in/on']))
  for (const slot of template.slots) {
    const value =
      slot.type === 'text'
        ? rng.pick(['red shoes', 'a 3 ounce bottle of deodorant', 'usb cable'])
        : rng.pick(space.entities.filter((e) => e.types.includes(slot.type))).name
    text = text.replace(`{${slot.name}}`, value)
  }
  return text
}

/** A flat copy: model replies arrive from JSON.parse, not as concatenation ropes. */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}

const replies = Array.from({ length: 4096 }, (_, i) =>
  flat(renderOutput(`Step ${i}: I should do the next thing on my plan.`, randomAction(), 'react')),
)
const actions = replies.map((reply) => {
  const parsed = parseOutput(reply)
  if (!parsed.ok) throw new Error(`bench reply did not parse: ${reply}`)
  return parsed.action
})

/** Operations per second (best of several rounds), also printed as it is measured. */
function rate(label: string, fn: (i: number) => unknown): number {
  const best = measureRate(fn, { warmup: 200_000, rounds: 9, seconds: 0.3, batch: 10_000 })
  process.stderr.write(`${label}: ${best.toLocaleString('en')}/s\n`)
  return best
}

/**
 * A fixed string workload unrelated to the parser (lower-casing and searching a short
 * action), in nanoseconds per operation: divide the figures by it to compare machines.
 */
function calibration(): number {
  const texts = Array.from({ length: 64 }, (_, i) => flat(`Take Apple ${i} From Cabinet ${i % 7}`))
  const ops = rate('calibration', (i) => {
    const text = texts[i & 63]!.toLowerCase()
    sink += text.indexOf(' from ') + text.charCodeAt(i % text.length)
  })
  return Number((1e9 / ops).toFixed(1))
}

let sink = 0
const compiled = compileActionSpace(space)
const groundPerSecond = rate('ground', (i) => {
  const r = compiled.ground(actions[i & 4095]!)
  sink += r.ok ? 1 : 0
})
const parsePerSecond = rate('parse', (i) => {
  const r = parseOutput(replies[i & 4095]!)
  sink += r.ok ? 1 : 0
})
const endToEndPerSecond = rate('parse + ground', (i) => {
  const r = parseOutput(replies[i & 4095]!)
  if (r.ok) sink += groundAction(r.action, space).ok ? 1 : 0
})

/** A long reply: a long thought, then one action. */
function longReply(bytes: number): string {
  const line = 'Thought: the kettle is not on the stove burner yet, so I will look for it first. '
  const thought = line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes - 60)
  return `${thought}\nAction: take kettle 1 from stove burner 2`
}

function nsPerByte(bytes: number): number {
  const reply = flat(longReply(bytes))
  const rounds = Math.max(3, Math.round(20_000_000 / bytes))
  for (let i = 0; i < Math.min(rounds, 50); i++) parseOutput(reply)
  let best = Number.POSITIVE_INFINITY
  for (let trial = 0; trial < 7; trial++) {
    // CPU time, as measureRate counts it
    const start = process.cpuUsage()
    for (let i = 0; i < rounds; i++) sink += parseOutput(reply).ok ? 1 : 0
    const used = process.cpuUsage(start)
    best = Math.min(best, ((used.user + used.system) * 1000) / rounds / reply.length)
  }
  return Number(best.toFixed(3))
}

const perByte = {
  '1KB': nsPerByte(1024),
  '100KB': nsPerByte(100 * 1024),
  '1MB': nsPerByte(1024 * 1024),
}
const result = {
  benchmark: 'parser',
  ...benchMachine(),
  space: { templates: space.templates.length, entities: space.entities.length },
  calibrationNsPerOp: calibration(),
  groundedActionsPerSecond: groundPerSecond,
  aimGroundedActionsPerSecond: 1_000_000,
  parsedRepliesPerSecond: parsePerSecond,
  groundedReactRepliesPerSecond: endToEndPerSecond,
  parseNsPerByte: perByte,
  checksum: sink > 0,
}
writeBenchReport(root, 'parser', result)
console.log(JSON.stringify(result, null, 2))
