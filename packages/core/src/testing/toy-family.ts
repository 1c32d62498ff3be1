import type { ActionSpace } from '../action-space'
import { RefineryError } from '../errors'
import { rngStream } from '../rng'
import {
  type Environment,
  type EnvironmentFamily,
  type Observation,
  type Snapshot,
  SPECIFICATION_VERSION,
  type Split,
  type StepResult,
  type TaskRef,
  taskId,
} from '../spec'
import type { StepStatus } from '../status'

interface LockboxState {
  held: string[]
  unlocked: boolean
  open: boolean
  coinInBox: boolean
  progress: number
  done: boolean
}

const ITEMS = ['key', 'coin'] as const

/**
 * A tiny hand-written family for tests of code that runs environments (the episode loop,
 * synthesis, evaluation) without depending on the world engine: take the key, unlock the
 * box, open it, take the coin. Each task varies only the colour of the box.
 */
export function createLockboxFamily(settings: { size?: number } = {}): EnvironmentFamily {
  const size = settings.size ?? 8
  const colours = ['red', 'blue', 'green', 'yellow', 'black', 'white']
  return {
    specificationVersion: SPECIFICATION_VERSION,
    id: 'lockbox',
    description: 'Toy family for tests: unlock a box and take the coin inside.',
    instructions:
      'Actions: take <item>, unlock <container> with <item>, open <container>, take <item> from <container>, look, inventory, check valid actions.',
    splits: { train: { size }, dev: { size }, test: { size } },
    task(split: Split, index: number): TaskRef {
      if (!Number.isInteger(index) || index < 0 || index >= size) {
        throw new RefineryError('unknown_task', `lockbox has no task ${index} in split ${split}.`, {
          hint: `Use an index from 0 to ${size - 1}.`,
        })
      }
      const seed = index + { train: 0, dev: 1000, test: 2000 }[split]
      const colour = rngStream(seed, 'lockbox', 0).pick(colours)
      return {
        id: taskId('lockbox', split, index),
        family: 'lockbox',
        split,
        index,
        seed,
        params: { colour },
      }
    },
    create(task: TaskRef): Environment {
      return new LockboxEnvironment(String(task.params?.colour ?? 'red'))
    },
  }
}

class LockboxEnvironment implements Environment {
  private state: LockboxState = initialState()
  readonly actionSpace: ActionSpace

  constructor(private readonly colour: string) {
    this.actionSpace = {
      templates: [
        { id: 'take', pattern: 'take {item}', slots: [{ name: 'item', type: 'item' }] },
        {
          id: 'take-from',
          pattern: 'take {item} from {container}',
          slots: [
            { name: 'item', type: 'item' },
            { name: 'container', type: 'container' },
          ],
        },
        {
          id: 'open',
          pattern: 'open {container}',
          slots: [{ name: 'container', type: 'container' }],
        },
        {
          id: 'unlock',
          pattern: 'unlock {container} with {item}',
          slots: [
            { name: 'container', type: 'container' },
            { name: 'item', type: 'item' },
          ],
        },
      ],
      entities: [
        { name: 'key', types: ['item'] },
        { name: 'coin', types: ['item'] },
        { name: 'box', types: ['container'], aliases: [`${colour} box`] },
      ],
      meta: ['look', 'inventory', 'check valid actions'],
    }
  }

  async reset(): Promise<Observation> {
    this.state = initialState()
    return {
      instruction: 'Your task is to: take the coin.',
      observation: this.describe(),
    }
  }

  private describe(): string {
    const box = this.state.open ? 'open' : this.state.unlocked ? 'closed' : 'locked'
    const table = this.state.held.includes('key') ? 'nothing' : 'a key'
    const inside = this.state.open
      ? this.state.coinInBox
        ? ' In the box you see a coin.'
        : ' The box is empty.'
      : ''
    return `You are in a small room. On the table you see ${table}. There is a ${this.colour} box, which is ${box}.${inside}`
  }

  async step(raw: string): Promise<StepResult> {
    const action = raw
      .trim()
      .toLowerCase()
      .replace(/[.!]+$/, '')
      .replace(new RegExp(`${this.colour} box`, 'g'), 'box')
    const s = this.state
    if (s.done) return this.result('The episode is over.', 'no_effect')
    if (action === 'look') return this.result(this.describe(), 'meta')
    if (action === 'inventory') {
      return this.result(
        s.held.length
          ? `You are carrying: ${s.held.join(', ')}.`
          : 'You are not carrying anything.',
        'meta',
      )
    }
    if (action === 'check valid actions') {
      return this.result(
        `Choose an action from these valid actions: ${this.valid().join(', ')}`,
        'meta',
      )
    }
    const words = action.split(/\s+/)
    const verb = words[0] ?? ''
    if (verb === 'take' && words.length === 2) {
      const item = words[1]!
      if (!ITEMS.includes(item as (typeof ITEMS)[number])) return this.unknownEntity(item)
      if (s.held.includes(item)) return this.result(`You already have the ${item}.`, 'no_effect')
      if (item === 'coin')
        return this.result(
          'The coin is in the box. Take it from the box.',
          'precondition_failed',
          true,
        )
      s.held.push('key')
      return this.advance('You take the key.', 1 / 3)
    }
    if (verb === 'take' && words.length === 4 && words[2] === 'from') {
      const [item, container] = [words[1]!, words[3]!]
      if (container !== 'box') return this.unknownEntity(container)
      if (item !== 'coin')
        return item === 'key'
          ? this.result('The key is not in the box.', 'precondition_failed', true)
          : this.unknownEntity(item)
      if (!s.open) return this.result(`The ${this.colour} box is closed.`, 'precondition_failed')
      if (!s.coinInBox) return this.result('The box is empty.', 'no_effect')
      s.coinInBox = false
      s.held.push('coin')
      return this.advance('You take the coin from the box.', 1)
    }
    if (verb === 'open' && words.length === 2) {
      if (words[1] !== 'box') return this.unknownEntity(words[1]!)
      if (s.open) return this.result('The box is already open.', 'no_effect')
      if (!s.unlocked)
        return this.result(`The ${this.colour} box is locked.`, 'precondition_failed')
      s.open = true
      return this.advance(`You open the ${this.colour} box. In it you see a coin.`, 2 / 3)
    }
    if (verb === 'unlock' && words.length === 4 && words[2] === 'with') {
      if (words[1] !== 'box') return this.unknownEntity(words[1]!)
      if (words[3] !== 'key')
        return words[3] === 'coin'
          ? this.result('The coin does not fit the lock.', 'precondition_failed')
          : this.unknownEntity(words[3]!)
      if (!s.held.includes('key'))
        return this.result('You do not have the key.', 'precondition_failed')
      if (s.unlocked) return this.result('The box is already unlocked.', 'no_effect')
      s.unlocked = true
      return this.advance(`You unlock the ${this.colour} box.`, s.progress)
    }
    if (['take', 'open', 'unlock'].includes(verb)) {
      return this.result(
        `The action '${action}' has the wrong form. Check valid actions.`,
        'invalid_argument',
      )
    }
    return this.result(`I do not know the verb '${verb}'. Check valid actions.`, 'unknown_action')
  }

  private unknownEntity(name: string): StepResult {
    return this.result(`There is no ${name} here.`, 'invalid_argument')
  }

  private advance(observation: string, progress: number): StepResult {
    this.state.progress = Math.max(this.state.progress, progress)
    const success = !this.state.coinInBox && this.state.held.includes('coin')
    if (success) this.state.done = true
    return this.result(observation, 'ok')
  }

  private result(observation: string, status: StepStatus, place?: boolean): StepResult {
    const success = this.state.held.includes('coin')
    return {
      observation,
      status,
      done: this.state.done,
      success,
      progress: this.state.progress,
      reward: status === 'ok' && success ? 1 : 0,
      ...(place ? { place } : {}),
    }
  }

  private valid(): string[] {
    const s = this.state
    const out = ['check valid actions', 'inventory', 'look']
    if (!s.held.includes('key')) out.push('take key')
    if (s.held.includes('key') && !s.unlocked) out.push('unlock box with key')
    if (s.unlocked && !s.open) out.push('open box')
    if (s.open && s.coinInBox) out.push('take coin from box')
    return out.sort()
  }

  async validActions(): Promise<string[]> {
    return this.valid()
  }

  async oracle(): Promise<string[]> {
    const s = this.state
    const plan: string[] = []
    if (!s.held.includes('key') && !s.unlocked) plan.push('take key')
    if (!s.unlocked) plan.push('unlock box with key')
    if (!s.open) plan.push('open box')
    if (s.coinInBox) plan.push('take coin from box')
    return plan
  }

  snapshot(): Snapshot {
    return { state: structuredClone(this.state) }
  }

  restore(snapshot: Snapshot): void {
    this.state = structuredClone(snapshot.state as LockboxState)
  }
}

function initialState(): LockboxState {
  return { held: [], unlocked: false, open: false, coinInBox: true, progress: 0, done: false }
}
