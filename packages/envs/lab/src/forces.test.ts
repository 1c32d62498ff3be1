import { describe, expect, it } from 'vitest'
import type { LabEnvironment } from './environment'
import { lab } from './family'
import { playReplanning } from './test-support'

const planeTasks = () =>
  Array.from({ length: lab.splits.test.size }, (_, i) => lab.task('test', i)).filter((t) =>
    String(t.params?.kind).startsWith('inclined-plane-'),
  )

/** The next room on the way to the workshop (the school's doors). */
const TOWARDS: Record<string, string> = {
  hallway: 'workshop',
  kitchen: 'hallway',
  greenhouse: 'hallway',
  outside: 'kitchen',
}

/** Walks to the workshop; returns what the agent sees there. */
async function toWorkshop(env: LabEnvironment, first: string): Promise<string> {
  let seen = first
  for (let n = 0; n < 3; n++) {
    const room = /This room is called the (\w+)\./.exec(seen)![1]!
    if (room === 'workshop') break
    await env.step(`go to ${TOWARDS[room]}`)
    seen = (await env.step('look around')).observation
  }
  return seen
}

/**
 * An experimenter that reads only what the lab shows: it slides the block down each plane,
 * starting the stopwatch as the block starts and stopping it once the plane shows the block
 * at the bottom, then reads the stopwatch.
 */
async function timeRuns(env: LabEnvironment, room: string) {
  const planes = [...room.matchAll(/\tan? (inclined plane[^\n]*?)(?:, with:|\n|$)/g)].map(
    (m) => m[1]!,
  )
  const block = /\b(wood block|steel block|brick)\b/.exec(room)![1]!
  const readings: number[] = []
  const positions: number[][] = []
  for (const plane of planes) {
    expect((await env.step(`move ${block} to ${plane}`)).status).toBe('ok')
    expect((await env.step('activate stopwatch')).observation).toBe(
      'The stopwatch is now activated.',
    )
    const seen: number[] = []
    for (let n = 0; n < 20; n++) {
      const text = (await env.step(`look at ${plane}`)).observation
      if (text.includes('at the bottom of the plane')) break
      const down = /approximately (\d+)% down the plane/.exec(text)
      seen.push(down ? Number(down[1]) : 0)
    }
    positions.push(seen)
    await env.step('deactivate stopwatch')
    const reading = (await env.step('look at stopwatch')).observation
    readings.push(Number(/The time reads (\d+) ticks\./.exec(reading)![1]))
  }
  return { planes, readings, positions }
}

describe('the inclined-plane tasks', () => {
  it('have ScienceWorld-worded goals and three kinds × three variations in test', () => {
    const tasks = planeTasks()
    expect(tasks.map((t) => t.params?.kind)).toEqual([
      ...Array(3).fill('inclined-plane-determine-angle'),
      ...Array(3).fill('inclined-plane-friction-named-surfaces'),
      ...Array(3).fill('inclined-plane-friction-unnamed-surfaces'),
    ])
    for (const t of tasks)
      expect(t.params?.goal).toMatch(
        /^Your task is to determine which of the two inclined planes \([^,]+, [^)]+\) has the (steepest|shallowest) angle|(most|least) friction\. After completing your experiment, focus on the inclined plane with the /,
      )
  })

  it('times each run with the stopwatch: slower planes read more ticks, the block moves down in order, and the answer the readings give wins', async () => {
    for (const task of planeTasks()) {
      const env = lab.create(task)
      const first = await env.reset()
      const room = await toWorkshop(env, first.observation)
      const { planes, readings, positions } = await timeRuns(env, room)
      expect(planes).toHaveLength(2)
      // Distinct readings: the planes differ by at least two ticks.
      expect(Math.abs(readings[0]! - readings[1]!), task.id).toBeGreaterThanOrEqual(2)
      for (const p of positions) expect([...p].sort((a, b) => a - b)).toEqual(p)
      const goal = String(task.params?.goal)
      const wantsSlow = /shallowest angle|most friction/.test(goal)
      const slow = readings[0]! > readings[1]! ? 0 : 1
      const answer = planes[wantsSlow ? slow : 1 - slow]!
      const last = await env.step(`focus on ${answer}`)
      expect(last.success, `${task.id}: ${answer} (${readings.join(', ')})`).toBe(true)
      expect(last.progress).toBe(1)
    }
  }, 120_000)

  it('fails the task at once when the focus falls on the wrong plane, in both profiles', async () => {
    for (const profile of ['rich', 'agentboard'] as const) {
      const task = planeTasks()[4]!
      const env = lab.create(task, { profile })
      await env.reset()
      const plan = await env.oracle()
      const right = plan.at(-1)!
      const room = await toWorkshop(env, (await env.step('look around')).observation)
      const other = [...room.matchAll(/\tan? (inclined plane[^\n]*?)(?:, with:|\n|$)/g)]
        .map((m) => `focus on ${m[1]}`)
        .find((a) => a !== right)!
      const r = await env.step(other)
      expect(r.done).toBe(true)
      expect(r.success).toBe(false)
      expect(r.observation).toContain('You have failed the task.')
    }
  })

  it('reads the stopwatch in the expert plan before it answers, and credits each timed run', async () => {
    const task = planeTasks()[0]!
    const env = lab.create(task)
    await env.reset()
    const plan = await env.oracle()
    expect(plan.filter((a) => a === 'look at stopwatch')).toHaveLength(2)
    expect(plan.at(-1)).toMatch(/^focus on inclined plane /)
    let progress = 0
    for (const action of plan.slice(0, -1)) {
      const r = await env.step(action)
      expect(r.progress).toBeGreaterThanOrEqual(progress)
      progress = r.progress
    }
    // Both runs are timed: every subgoal is reached but the answer itself.
    expect(progress).toBeGreaterThan(0.75)
    expect(progress).toBeLessThan(1)
  })

  it('wins when planned afresh at every step from the state reached (a look once passed is not asked again)', async () => {
    const { last, actions: done } = await playReplanning(planeTasks()[7]!)
    expect(last?.success, done.join(' | ')).toBe(true)
    expect(done.length).toBeLessThanOrEqual(30)
  }, 240_000)

  it("asks which plane by number when the agent says 'inclined plane', as ScienceWorld does", async () => {
    const task = planeTasks()[3]!
    const env = lab.create(task)
    const first = await env.reset()
    expect((await env.step('look at inclined plane')).status).toBe('invalid_argument')
    const room = await toWorkshop(env, first.observation)
    const planes = [...room.matchAll(/\tan? (inclined plane[^\n]*?)(?:, with:|\n|$)/g)].map(
      (m) => m[1]!,
    )
    const ask = await env.step('move block to inclined plane')
    expect(ask.status).toBe('meta')
    expect(ask.observation).toBe(
      [
        'Ambiguous request: Please enter the number for the action you intended (or blank to cancel):',
        ...planes.map((p, i) => `${i}:\tmove wood block to ${p} (in workshop)`),
      ].join('\n'),
    )
    expect((await env.step('1')).observation).toBe(`You move the wood block to the ${planes[1]}.`)
  })

  it('says what is wrong with a stopwatch or plane action in rich, and ScienceWorld words in agentboard', async () => {
    const task = planeTasks()[3]!
    const rich = lab.create(task)
    const plain = lab.create(task, { profile: 'agentboard' })
    for (const env of [rich, plain]) {
      const first = await env.reset()
      await toWorkshop(env, first.observation)
    }
    expect((await rich.step('deactivate stopwatch')).observation).toBe(
      'The stopwatch is already off.',
    )
    expect((await rich.step('move stopwatch to stopwatch')).observation).toBe(
      'A thing cannot go inside itself.',
    )
    expect((await plain.step('deactivate stopwatch')).observation).toBe(
      'No known action matches that input.',
    )
  })
})
