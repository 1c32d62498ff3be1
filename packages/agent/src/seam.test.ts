import { RefineryError, Trajectory } from '@refinery/core'
import { createLockboxFamily } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import type { Agent, AgentContext, Teacher, TeacherContext } from './agent'
import { oracleAgent, replayAgent } from './agents'
import { runEpisode } from './episode'
import { replayTrajectory } from './replay'

const source = { kind: 'eval', agent: 'test' } as const

describe('the agent seam', () => {
  it('an evaluated agent sees the conversation, task and action space, never the environment', async () => {
    const family = createLockboxFamily()
    const seen: AgentContext[] = []
    const agent: Agent = {
      name: 'peek',
      async act(context) {
        seen.push(context)
        return 'Thought: look.\nAction: look'
      },
    }
    await runEpisode({ family, task: family.task('test', 0), agent, source, id: 'p', maxSteps: 2 })
    expect(Object.keys(seen[0]!).sort()).toEqual(
      ['actionSpace', 'family', 'maxSteps', 'messages', 'signal', 'step', 'task'].sort(),
    )
    expect(seen[0]!.family).toEqual({
      id: family.id,
      description: family.description,
      instructions: family.instructions,
    })
    expect('create' in seen[0]!.family).toBe(false)
    expect(seen[0]!.actionSpace.templates.length).toBeGreaterThan(0)
  })

  it('a teacher gets the privileged context with the live environment', async () => {
    const family = createLockboxFamily()
    const oracle = oracleAgent()
    let context: TeacherContext | null = null
    const teacher: Teacher = {
      name: 'spy-teacher',
      privileged: true,
      async act(c) {
        context = c
        return oracle.act(c)
      },
    }
    const { trajectory } = await runEpisode({
      family,
      task: family.task('test', 1),
      agent: teacher,
      source,
      id: 't',
    })
    expect(trajectory.outcome.success).toBe(true)
    expect(typeof context!.env.step).toBe('function')
    expect(context!.family).toBe(family)
  })

  it('a tool call named after a template grounds like text, and is kept in the record', async () => {
    const family = createLockboxFamily()
    const task = family.task('test', 2)
    const env = family.create(task)
    await env.reset()
    const plan = await env.oracle!()
    const text = await runEpisode({
      family,
      task,
      agent: replayAgent(plan.map((a) => `Thought: next.\nAction: ${a}`)),
      source,
      id: 'text',
    })
    // The same plan as tool calls: `take-from` → take_from({item, container}), and so on.
    const space = env.actionSpace
    const calls = plan.map((action, i) => {
      for (const template of space.templates) {
        const names = template.slots.map((s) => s.name)
        const re = new RegExp(
          `^${template.pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(.+)')}$`,
        )
        const match = re.exec(action)
        if (match && names.length === match.length - 1) {
          const args = Object.fromEntries(names.map((n, j) => [n, match[j + 1]]))
          return {
            content: 'next.',
            tool_calls: [
              {
                id: `call_${i}`,
                type: 'function' as const,
                function: {
                  name: template.id.replace(/[-\s]+/g, '_'),
                  arguments: JSON.stringify(args),
                },
              },
            ],
          }
        }
      }
      return `Thought: next.\nAction: ${action}`
    })
    expect(calls.some((c) => typeof c !== 'string')).toBe(true)
    const tools = await runEpisode({ family, task, agent: replayAgent(calls), source, id: 'tools' })
    const actions = (t: Trajectory) =>
      t.messages.flatMap((m) => (m.role === 'assistant' ? [m.action] : []))
    expect(actions(tools.trajectory)).toEqual(actions(text.trajectory))
    expect(tools.trajectory.outcome).toEqual(text.trajectory.outcome)
    expect(Trajectory.safeParse(tools.trajectory).success).toBe(true)
    const withCalls = tools.trajectory.messages.find((m) => m.role === 'assistant' && m.tool_calls)
    expect(withCalls).toBeDefined()
    // A record with tool calls replays.
    expect((await replayTrajectory(tools.trajectory, family)).ok).toBe(true)
  })

  it('an aborted signal stops the episode as interrupted and reaches the agent', async () => {
    const family = createLockboxFamily()
    const controller = new AbortController()
    let signal: AbortSignal | null = null
    const agent: Agent = {
      name: 'slow',
      async act(context) {
        signal = context.signal
        if (context.step === 1) controller.abort()
        return 'Thought: look.\nAction: look'
      },
    }
    const error = await runEpisode({
      family,
      task: family.task('test', 0),
      agent,
      source,
      id: 'a',
      signal: controller.signal,
    }).catch((e: unknown) => e)
    expect(RefineryError.isInstance(error) && error.code).toBe('interrupted')
    expect(signal!.aborted).toBe(true)
  })
})
