import { RefineryError } from '@refinery/core'
import type { RAtom, REffect } from './ast'
import { compileCond, compileNum, forEachBinding, termFn } from './conditions'
import { ENTITY_BOUND, type EntityInfo, type EntitySet, type State } from './state'

/** Collects what effects would do; everything is evaluated on the state before the step. */
export class Changes {
  adds: number[] = []
  dels: number[] = []
  /** Triples: flat attribute index, op (0 set, 1 increase, 2 decrease), value. */
  nums: number[] = []
  creates: { info: EntityInfo; attrs: [number, number][] }[] = []
  destroys: number[] = []

  clear(): void {
    // Setting an array's length is a runtime call even when it is 0 already: most clears
    // (one per process per step) find every list empty.
    if (this.adds.length !== 0) this.adds.length = 0
    if (this.dels.length !== 0) this.dels.length = 0
    if (this.nums.length !== 0) this.nums.length = 0
    if (this.creates.length !== 0) this.creates.length = 0
    if (this.destroys.length !== 0) this.destroys.length = 0
  }

  get empty(): boolean {
    return (
      this.adds.length +
        this.dels.length +
        this.nums.length +
        this.creates.length +
        this.destroys.length ===
      0
    )
  }
}

export type Eff = (st: State, env: Int32Array, ch: Changes) => void

/** Per-world data effects need to create entities. */
export interface CreateContext {
  readonly attrDefaults: Float64Array
  readonly articleDefault: string
}

export function compileEffects(effects: readonly REffect[], ctx: CreateContext): Eff {
  const fns = effects.map((e) => compileEffect(e, ctx))
  if (fns.length === 1) return fns[0]!
  return (st, env, ch) => {
    for (let i = 0; i < fns.length; i++) fns[i]!(st, env, ch)
  }
}

function atomIds(atom: RAtom): (st: State, env: Int32Array, intern: boolean) => number {
  const fns = atom.args.map(termFn)
  const n = fns.length
  const buf = new Int32Array(n)
  const pred = atom.pred
  return (st, env, intern) => {
    for (let i = 0; i < n; i++) buf[i] = fns[i]!(env)
    const table = st.table
    const id =
      n === 1
        ? table.lookup1(pred, buf[0]!)
        : n === 2
          ? table.lookup2(pred, buf[0]!, buf[1]!)
          : n === 3
            ? table.lookup3(pred, buf[0]!, buf[1]!, buf[2]!)
            : table.lookup(pred, buf)
    return id < 0 && intern ? table.intern(pred, buf) : id
  }
}

function compileEffect(e: REffect, ctx: CreateContext): Eff {
  switch (e.k) {
    case 'add': {
      const id = atomIds(e.atom)
      return (st, env, ch) => {
        ch.adds.push(id(st, env, true))
      }
    }
    case 'del': {
      const id = atomIds(e.atom)
      return (st, env, ch) => {
        const f = id(st, env, false)
        if (f >= 0) ch.dels.push(f)
      }
    }
    case 'set':
    case 'inc':
    case 'dec': {
      const t = termFn(e.term)
      const value = compileNum(e.value)
      const op = e.k === 'set' ? 0 : e.k === 'inc' ? 1 : 2
      const attr = e.attr
      return (st, env, ch) => {
        ch.nums.push(t(env) * st.nAttrs + attr, op, value(st, env))
      }
    }
    case 'when': {
      const c = compileCond(e.c)
      const then = compileEffects(e.yes, ctx)
      const otherwise = e.no.length > 0 ? compileEffects(e.no, ctx) : null
      return (st, env, ch) => {
        if (c(st, env)) then(st, env, ch)
        else if (otherwise) otherwise(st, env, ch)
      }
    }
    case 'forall': {
      const where = compileCond(e.where)
      const body = compileEffects(e.do, ctx)
      const visit = forEachBinding(e.vars, (st, env) => {
        if (where(st, env)) body(st, env, current!)
        return false
      })
      let current: Changes | null = null
      return (st, env, ch) => {
        const outer = current
        current = ch
        visit(st, env)
        current = outer
      }
    }
    case 'create': {
      const facts = e.facts.map(atomIds)
      const attrs = e.attrs.map((a) => ({ attr: a.attr, value: compileNum(a.value) }))
      const { slot, type, name } = e
      const article = e.article ?? ctx.articleDefault
      return (st, env, ch) => {
        const index = st.ents.list.length + ch.creates.length
        if (index >= ENTITY_BOUND)
          throw new RefineryError('limit', `A world holds at most ${ENTITY_BOUND} entities.`)
        const info = newEntity(st.ents, ch, type, name, article)
        env[slot] = index
        ch.creates.push({ info, attrs: attrs.map((a) => [a.attr, a.value(st, env)]) })
        for (const f of facts) ch.adds.push(f(st, env, true))
      }
    }
    case 'destroy': {
      const t = termFn(e.term)
      return (_st, env, ch) => {
        ch.destroys.push(t(env))
      }
    }
  }
}

/** Created ids are `<name>_<n>` with the next number free among entities of that name. */
function newEntity(
  ents: EntitySet,
  ch: Changes,
  type: number,
  name: string,
  article: string,
): EntityInfo {
  const all = [...ents.list, ...ch.creates.map((c) => c.info)]
  let number = 0
  const ids = new Set<string>()
  for (const info of all) {
    ids.add(info.id)
    if (info.name === name) number = Math.max(number, info.number ?? 0)
  }
  number++
  const slug = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z]+/, '') || 'entity'
  while (ids.has(`${slug}_${number}`)) number++
  return {
    id: `${slug}_${number}`,
    type,
    name,
    number,
    article,
    aliases: [],
    display: `${name} ${number}`,
  }
}

/** What applying changes did: the count of net changes and the predicates touched. */
export interface Applied {
  changed: number
  entities: boolean
  attrs: boolean
}

/**
 * Applies collected changes: creations, deletions, additions (PDDL order: a fact both deleted
 * and added ends up true), numeric updates in order, then destructions.
 */
export function applyChanges(
  st: State,
  ch: Changes,
  ctx: CreateContext,
  dirty: Uint8Array,
): Applied {
  const nPreds = st.table.byPred.length
  let changed = 0
  let entities = false
  let attrs = false
  if (ch.creates.length > 0) {
    createEntities(st, ch, ctx)
    changed += ch.creates.length
    entities = true
  }
  const removed = ch.dels
  let removedCount = 0
  for (let i = 0; i < removed.length; i++) {
    const id = removed[i]!
    if (st.facts[id] === 1) {
      st.facts[id] = 0
      dirty[st.table.pred[id]!] = 1
      removed[removedCount++] = id
    }
  }
  let readded = 0
  for (let i = 0; i < ch.adds.length; i++) {
    const id = ch.adds[i]!
    if (st.facts[id] === 1) continue
    st.set(id, 1)
    dirty[st.table.pred[id]!] = 1
    let was = false
    for (let j = 0; j < removedCount; j++) {
      if (removed[j] === id) {
        was = true
        break
      }
    }
    if (was) readded++
    else changed++
  }
  changed += removedCount - readded
  const nums = ch.nums
  for (let i = 0; i < nums.length; i += 3) {
    const index = nums[i]!
    const before = st.attrs[index] ?? 0
    const op = nums[i + 1]!
    const v = nums[i + 2]!
    const after = op === 0 ? v : op === 1 ? before + v : before - v
    if (after !== before) {
      st.attrs[index] = after
      changed++
      attrs = true
    }
  }
  for (const e of ch.destroys) {
    if (st.ents.alive[e] !== 1) continue
    destroyEntity(st, e, dirty)
    changed++
    entities = true
  }
  if (changed > 0) st.version++
  // Two flags after the predicates: attributes changed, the entity set changed.
  if (attrs) dirty[nPreds] = 1
  if (entities) dirty[nPreds + 1] = 1
  return { changed, entities, attrs }
}

function createEntities(st: State, ch: Changes, ctx: CreateContext): void {
  const list = [...st.ents.list, ...ch.creates.map((c) => c.info)]
  const alive = new Uint8Array(list.length)
  alive.set(st.ents.alive)
  alive.fill(1, st.ents.list.length)
  const n = st.nAttrs
  const attrs = new Float64Array(list.length * n)
  attrs.set(st.attrs)
  ch.creates.forEach((c, k) => {
    const base = (st.ents.list.length + k) * n
    attrs.set(ctx.attrDefaults, base)
    for (const [attr, value] of c.attrs) attrs[base + attr] = value
  })
  st.attrs = attrs
  st.ents = st.ents.with(list, alive)
}

function destroyEntity(st: State, e: number, dirty: Uint8Array): void {
  const alive = st.ents.alive.slice()
  alive[e] = 0
  st.ents = st.ents.with(st.ents.list, alive)
  const { args, pred } = st.table
  for (let id = 0; id < st.facts.length; id++) {
    if (st.facts[id] !== 1) continue
    const a = args[id]!
    for (let i = 0; i < a.length; i++) {
      if (a[i] === e) {
        st.facts[id] = 0
        dirty[pred[id]!] = 1
        break
      }
    }
  }
}
