import type { Need, Task, WorldBuilder } from './builder'
import { all, exists, fact, not, param, plural } from './dsl'
import type { Verb } from './phrasings'

/**
 * The mechanics: each is a WorldSpec fragment. A goal mechanic states what the task asks for
 * and returns what it needs (items to get, fixtures to reach); a gate mechanic hides one such
 * need behind itself and returns what *it* needs (a key, a tool, a light…), so the goals of a
 * world's mechanics depend on each other.
 */
export const MECHANICS = [
  'containers',
  'locks',
  'tools',
  'crafting',
  'temperature',
  'light',
  'power',
  'liquids',
  'trade',
  'doors',
  'stacking',
  'collecting',
  'measuring',
] as const
export type MechanicId = (typeof MECHANICS)[number]

export interface Mechanic {
  id: MechanicId
  /** States a goal; returns its needs. */
  goal?: (b: WorldBuilder) => Need[]
  /** Hides `need`; returns the new needs, or null when it cannot hide this one. */
  gate?: (b: WorldBuilder, need: Need) => Need[] | null
}

const act = (verb: Verb, ...args: string[]): Task => ({ act: verb, args })
const item = (id: string): Need => ({ id, kind: 'item' })
const fixture = (id: string): Need => ({ id, kind: 'fixture' })

/** A closed container holding `inner`; locked and sealed variants for the locks and tools gates. */
function box(
  b: WorldBuilder,
  name: string,
  inner: string,
  how: 'closed' | 'locked' | 'sealed',
): string {
  const id = b.entity('fixture', name)
  b.fact('receptacle', id)
  b.fact('inside', inner, id)
  if (how !== 'sealed') b.fact('openable', id)
  if (how === 'locked') b.fact('locked', id)
  if (how === 'sealed') b.fact('sealed', id)
  b.use('take', how === 'sealed' ? 'cut' : 'open')
  return id
}

function goalItem(b: WorldBuilder): string {
  return b.entity('item', b.spareItem() ?? b.theme.items[0]!)
}

const containers: Mechanic = {
  id: 'containers',
  goal(b) {
    const x = goalItem(b)
    const c = b.entity('fixture', b.theme.containers[1])
    b.fact('receptacle', c)
    b.fact('openable', c)
    b.use('take', 'open', 'put')
    b.goals.push(`put the ${b.name(x)} in the ${b.name(c)}`)
    b.solution.push({ get: x }, { at: c }, act('open', c), act('put', x, c))
    b.success.push(fact('inside', x, c))
    b.subgoals.push({
      id: 'hold_goal_item',
      description: `hold the ${b.name(x)}`,
      when: fact('holding', x),
    })
    return [item(x), fixture(c)]
  },
  gate(b, need) {
    if (need.kind !== 'item') return null
    return [fixture(box(b, b.theme.containers[0], need.id, 'closed'))]
  },
}

const locks: Mechanic = {
  id: 'locks',
  gate(b, need) {
    if (need.kind !== 'item') return null
    const c = box(b, b.theme.containers[2], need.id, 'locked')
    const k = b.entity('item', b.theme.key)
    b.fact('fits', k, c)
    b.use('unlock')
    b.subgoals.push({
      id: 'unlock',
      description: `unlock the ${b.name(c)}`,
      when: not(fact('locked', c)),
    })
    return [fixture(c), item(k)]
  },
}

const tools: Mechanic = {
  id: 'tools',
  gate(b, need) {
    if (need.kind !== 'item') return null
    const c = box(b, b.theme.sealed, need.id, 'sealed')
    const t = b.entity('item', b.theme.tool)
    b.fact('cutter', t)
    b.cutterOf.set(c, t)
    b.subgoals.push({
      id: 'unseal',
      description: `open the ${b.name(c)}`,
      when: not(fact('sealed', c)),
    })
    return [fixture(c), item(t)]
  },
}

const crafting: Mechanic = {
  id: 'crafting',
  goal(b) {
    const bench = b.entity('fixture', b.theme.bench)
    b.fact('bench', bench)
    const product = b.entity('item', b.theme.product)
    b.fact('recipe', product)
    const parts = b.theme.parts.map((p) => b.entity('item', p))
    for (const p of parts) b.fact('needs', product, p)
    b.use('take', 'craft')
    b.goals.push(`make ${article(b.theme.product)} at the ${b.name(bench)}`)
    b.notes.push(
      `${cap(article(b.theme.product))} is made from ${parts.map((p) => article(b.name(p))).join(' and ')}, held in hand at a ${b.theme.bench}.`,
    )
    b.success.push(fact('holding', product))
    b.solution.push(...parts.map((p) => ({ get: p })), { at: bench }, act('craft', product, bench))
    parts.forEach((p, i) => {
      b.subgoals.push({
        id: `part_${i + 1}`,
        description: `hold the ${b.name(p)}`,
        when: any2(fact('holding', p), fact('holding', product)),
      })
    })
    return [fixture(bench), ...parts.map(item)]
  },
}

const any2 = (a: ReturnType<typeof fact>, c: ReturnType<typeof fact>) => ({ any: [a, c] })

const temperature: Mechanic = {
  id: 'temperature',
  goal(b) {
    const heat = b.rng.chance(0.5)
    const x = b.entity('item', b.theme.heatable, { attributes: { temp: 20 } })
    b.fact('heatable', x)
    const dev = b.entity('fixture', heat ? b.theme.heater : b.theme.cooler)
    b.fact('receptacle', dev)
    b.fact('opened', dev)
    if (!b.attributes.some((a) => a.name === 'temp'))
      b.attributes.push({ name: 'temp', type: 'item', default: 20 })
    const i = param('pi', 'item')
    const d = param('pd', 'obj')
    const ticks = b.rng.int(2, 3)
    b.use('take', 'put', 'wait')
    // The process runs after every step, the put included: ticks - 1 waits reach the target.
    const soak = [act('put', x, dev), ...Array.from({ length: ticks - 1 }, () => act('wait'))]
    if (heat) {
      b.fact('switchable', dev)
      b.use('activate')
      const target = 20 + 20 * ticks
      b.processes.push({
        name: 'heating',
        params: [i, d],
        when: all(fact('inside', '?pi', '?pd'), fact('on', '?pd'), fact('heatable', '?pi'), {
          compare: [{ attr: ['temp', '?pi'] }, '<', 200],
        }),
        effects: [{ increase: { attr: ['temp', '?pi'], value: 20 } }],
        message: 'The {pi} warms to {pi.temp} degrees.',
      })
      b.goals.push(
        `heat the ${b.name(x)} to at least ${target} degrees in the ${b.name(dev)} and take it out`,
      )
      b.success.push(all(fact('holding', x), { compare: [{ attr: ['temp', x] }, '>=', target] }))
      b.solution.push({ get: x }, { at: dev }, act('activate', dev), ...soak, act('take', x))
      b.subgoals.push({
        id: 'heater_on',
        description: `switch on the ${b.name(dev)}`,
        when: fact('on', dev),
      })
    } else {
      const target = 20 - 10 * ticks
      b.fact('chills', dev)
      b.processes.push({
        name: 'cooling',
        params: [i, d],
        when: all(fact('inside', '?pi', '?pd'), fact('chills', '?pd'), fact('heatable', '?pi'), {
          compare: [{ attr: ['temp', '?pi'] }, '>', -40],
        }),
        effects: [{ decrease: { attr: ['temp', '?pi'], value: 10 } }],
        message: 'The {pi} cools to {pi.temp} degrees.',
      })
      b.goals.push(
        `cool the ${b.name(x)} to ${target} degrees or colder in the ${b.name(dev)} and take it out`,
      )
      b.success.push(all(fact('holding', x), { compare: [{ attr: ['temp', x] }, '<=', target] }))
      b.solution.push({ get: x }, { at: dev }, ...soak, act('take', x))
    }
    b.subgoals.push({
      id: 'in_device',
      description: `put the ${b.name(x)} in the ${b.name(dev)}`,
      when: fact('inside', x, dev),
    })
    return [item(x), fixture(dev)]
  },
}

const light: Mechanic = {
  id: 'light',
  gate(b, need) {
    const room = b.freshRoom()
    if (!room) return null
    b.gated.add(room)
    b.fact('dark', room)
    b.place(need, room)
    b.light = true
    const lamp = b.entity('item', b.theme.lamp)
    b.fact('switchable', lamp)
    b.fact('lamp', lamp)
    b.lampOf.set(room, lamp)
    b.use('take', 'activate')
    b.subgoals.push({
      id: 'lamp_on',
      description: `light the ${b.name(lamp)}`,
      when: fact('on', lamp),
    })
    return [item(lamp)]
  },
}

/** A machine that needs power from a switch; `inner` comes out when it runs. */
function machine(b: WorldBuilder, inner: string): Need[] {
  const m = b.entity('fixture', b.theme.machine)
  b.fact('machine', m)
  b.fact('inside', inner, m)
  b.fact('yields', m, inner)
  const s = b.entity('fixture', b.theme.switch)
  b.fact('switchable', s)
  b.fact('powers', s, m)
  b.use('take', 'activate', 'operate')
  b.subgoals.push({
    id: 'power_on',
    description: `switch on the ${b.name(s)}`,
    when: fact('on', s),
  })
  return [fixture(m), fixture(s)]
}

const power: Mechanic = {
  id: 'power',
  goal(b) {
    const out = b.entity('item', b.theme.output)
    const needs = machine(b, out)
    b.goals.push(`get ${article(b.theme.output)} from the ${b.name(needs[0]!.id)}`)
    b.success.push(fact('holding', out))
    b.solution.push({ get: out })
    return needs
  },
  gate(b, need) {
    if (need.kind !== 'item') return null
    return machine(b, need.id)
  },
}

const liquids: Mechanic = {
  id: 'liquids',
  goal(b) {
    const src = b.entity('fixture', b.theme.source)
    b.fact('source', src)
    const vessel = b.entity('item', b.theme.vessel)
    b.fact('vessel', vessel)
    const basin = b.entity('fixture', b.theme.basin)
    b.fact('basin', basin)
    b.use('take', 'fill', 'pour')
    b.goals.push(`fill the ${b.name(basin)} with ${b.theme.liquid} from the ${b.name(src)}`)
    b.success.push(fact('filled', basin))
    b.solution.push(
      { get: vessel },
      { at: src },
      act('fill', vessel, src),
      { at: basin },
      act('pour', vessel, basin),
    )
    b.subgoals.push({
      id: 'vessel_full',
      description: `fill the ${b.name(vessel)}`,
      when: any2(fact('full', vessel), fact('filled', basin)),
    })
    return [fixture(src), item(vessel), fixture(basin)]
  },
}

/** A person who wants `gift`; optionally holds `reward` to hand over. */
function person(b: WorldBuilder, reward?: string): { who: string; gift: string } {
  const who = b.entity('person', b.theme.character)
  b.fact('person', who)
  const gift = b.entity('item', b.theme.gift)
  b.fact('wants', who, gift)
  if (reward) {
    b.fact('inside', reward, who)
    b.fact('reward', reward, who)
  }
  b.use('take', 'give')
  return { who, gift }
}

const trade: Mechanic = {
  id: 'trade',
  goal(b) {
    const { who, gift } = person(b)
    b.goals.push(`give the ${b.name(gift)} to the ${b.name(who)}`)
    b.success.push(fact('given', gift, who))
    b.solution.push({ get: gift }, { at: who }, act('give', gift, who))
    b.subgoals.push({
      id: 'hold_gift',
      description: `hold the ${b.name(gift)}`,
      when: any2(fact('holding', gift), fact('given', gift, who)),
    })
    return [fixture(who), item(gift)]
  },
  gate(b, need) {
    if (need.kind !== 'item') return null
    const { who, gift } = person(b, need.id)
    b.notes.push(
      `The ${b.name(who)} has the ${b.name(need.id)} and will trade it for the ${b.name(gift)}.`,
    )
    b.subgoals.push({
      id: 'traded',
      description: `give the ${b.name(gift)} to the ${b.name(who)}`,
      when: fact('given', gift, who),
    })
    return [fixture(who), item(gift)]
  },
}

const doors: Mechanic = {
  id: 'doors',
  gate(b, need) {
    const room = b.freshRoom()
    if (!room) return null
    b.gated.add(room)
    b.place(need, room)
    b.doors = true
    const door = b.entity('fixture', `${b.name(room)} door`)
    b.fact('openable', door)
    b.fact('loc', door, b.hub)
    b.fact('loc', door, room)
    b.fact('door', door, b.hub, room)
    b.fact('door', door, room, b.hub)
    b.use('open')
    b.subgoals.push({
      id: `open_${door}`,
      description: `open the ${b.name(door)}`,
      when: fact('opened', door),
    })
    return []
  },
}

const stacking: Mechanic = {
  id: 'stacking',
  goal(b) {
    const base = b.entity('fixture', b.theme.base)
    b.fact('base', base)
    const count = b.rng.int(2, 3)
    const pieces = b.theme.stackables.slice(0, count).map((s) => b.entity('item', s))
    for (const p of pieces) b.fact('stackable', p)
    b.use('take', 'stack')
    const order = [base, ...pieces]
    const steps = pieces.map((p, i) => `the ${b.name(p)} on the ${b.name(order[i]!)}`)
    b.goals.push(`build a stack: ${steps.join(', then ')}`)
    b.solution.push(
      ...pieces.map((p) => ({ get: p })),
      { at: base },
      ...pieces.map((p, i) => act('stack', p, order[i]!)),
    )
    pieces.forEach((p, i) => {
      b.success.push(fact('ontop', p, order[i]!))
      b.subgoals.push({
        id: `stack_${i + 1}`,
        description: `stack ${steps[i]}`,
        when: fact('ontop', p, order[i]!),
        ...(i > 0 ? { after: [`stack_${i}`] } : {}),
      })
    })
    return [fixture(base), ...pieces.map(item)]
  },
}

const collecting: Mechanic = {
  id: 'collecting',
  goal(b) {
    const bin = b.entity('fixture', b.theme.bin)
    b.fact('receptacle', bin)
    b.fact('opened', bin)
    const count = b.rng.int(2, 4)
    const things = Array.from({ length: count }, (_, i) =>
      b.entity('item', b.theme.collectible, { number: i + 1 }),
    )
    b.use('take', 'put')
    const how = count === 2 ? 'both' : `all ${count}`
    b.goals.push(`gather ${how} ${plural(b.theme.collectible)} in the ${b.name(bin)}`)
    b.solution.push(
      ...things.map((t) => ({ get: t })),
      { at: bin },
      ...things.map((t) => act('put', t, bin)),
    )
    things.forEach((t, i) => {
      b.success.push(fact('inside', t, bin))
      b.subgoals.push({
        id: `collected_${i + 1}`,
        description: `put the ${b.name(t)} in the ${b.name(bin)}`,
        when: fact('inside', t, bin),
      })
    })
    return [fixture(bin), ...things.map(item)]
  },
}

const measuring: Mechanic = {
  id: 'measuring',
  goal(b) {
    const [lo, hi] = b.theme.range
    const truth = b.rng.int(lo, hi)
    const x = b.entity('item', b.theme.measured, { attributes: { amount: truth } })
    b.fact('measurable', x)
    b.fact('asked', x)
    if (!b.attributes.some((a) => a.name === 'amount'))
      b.attributes.push({ name: 'amount', type: 'obj', default: 0 })
    const g = b.entity('item', b.theme.gauge)
    b.fact('gauge', g)
    b.unit = b.theme.unit
    b.quantity = b.theme.quantity
    const values = new Set([truth])
    const spread = Math.max(3, Math.round((hi - lo) / 4))
    while (values.size < 4) values.add(Math.max(0, truth + b.rng.int(-spread, spread)))
    let right = ''
    for (const n of [...values].sort((p, q) => p - q)) {
      const id = b.entity('value', `${n} ${b.theme.unit}`, { article: '', aliases: [String(n)] })
      if (n === truth) right = id
      else b.fact('wrong', id)
    }
    b.use('take', 'measure', 'answer')
    b.goals.push(
      `find out the ${b.theme.quantity} of the ${b.name(x)} with the ${b.name(g)} and answer it`,
    )
    b.success.push(fact('answered', right))
    b.solution.push(
      { get: g },
      { access: x },
      { at: x },
      act('measure', x, g),
      act('answer', right),
    )
    b.subgoals.push({
      id: 'measured',
      description: `measure the ${b.name(x)}`,
      when: fact('known', x),
    })
    const a = param('wa', 'value')
    b.fail.push({
      when: exists([a], all(fact('answered', '?wa'), fact('wrong', '?wa'))),
      message: `That is not the ${b.theme.quantity} of the ${b.name(x)}. The task has failed.`,
    })
    return [item(x), item(g)]
  },
}

export const MECHANIC_TABLE: Readonly<Record<MechanicId, Mechanic>> = {
  containers,
  locks,
  tools,
  crafting,
  temperature,
  light,
  power,
  liquids,
  trade,
  doors,
  stacking,
  collecting,
  measuring,
}

export const GOAL_MECHANICS: readonly MechanicId[] = MECHANICS.filter((m) => MECHANIC_TABLE[m].goal)
export const GATE_MECHANICS: readonly MechanicId[] = MECHANICS.filter((m) => MECHANIC_TABLE[m].gate)

function article(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`
}
function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
