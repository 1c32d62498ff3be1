import type { ActionSpace, GroundedAction } from '@refinery/core'
import { LRUCache } from 'lru-cache'
import { diagnose } from './diagnose'
import { feedback } from './feedback'
import { type Literal, leadOf, matchLiteral, type Part, splitPattern, type Token } from './pattern'
import {
  cleanAction,
  collapseSpaces,
  entityKey,
  isPlainAction,
  isSpace,
  isWordCode,
  toHalfWidth,
} from './text'
import { type Match, Trie, toMatches } from './trie'

export type GroundResult =
  | {
      ok: true
      action: GroundedAction
      /** The text was one of `space.meta`; then `action.template` is that meta string and `args` is empty. */
      meta: boolean
    }
  | {
      ok: false
      status: 'unknown_action' | 'invalid_argument'
      message: string
      suggestion?: string
    }

/**
 * What the world lets feedback name. Without it every entity of the space counts as known.
 */
export interface GroundOptions {
  /**
   * Whether the agent has observed the entity (its name as in the space). An unobserved entity
   * is answered exactly as one that does not exist, and no message names it (no "did you
   * mean", no "which one"), so feedback cannot be used to probe the world.
   */
  known?: (name: string) => boolean
  /**
   * Whether the entity is in focus now (say, named by the last observation): an unnumbered
   * name that fits several known entities means the one in focus, when exactly one is.
   */
  focus?: (name: string) => boolean
}

export interface CompiledActionSpace {
  ground(text: string, options?: GroundOptions): GroundResult
}

/** How a slot finds its value: among entities, in its own allowed list, or as free text. */
export type SlotMode = 'entity' | 'enum' | 'text'

export interface SlotInfo {
  name: string
  type: string
  mode: SlotMode
  /** entity: 1 for each entity id the slot takes (type and allowed list). */
  accepts: Uint8Array
  /** entity: 1 for each entity id of the right type, allowed list or not. */
  typeFits: Uint8Array
  /** enum: the allowed values as written, and a trie of their keys. */
  values: readonly string[]
  valueTrie: Trie | null
  valueKeys: ReadonlyMap<string, number>
}

/**
 * A template as grounding reads it. It holds no entity, so every space of one layout shares it
 * (see `Layout`); its slots are places in the space's slot table.
 */
export interface TemplateInfo {
  id: string
  pattern: string
  /** The declared slots' names, in order. */
  slotNames: readonly string[]
  /** The declared slots' places in `CompiledSpace.slots`, in order. */
  slotRefs: readonly number[]
  /** The main pattern and its synonyms, for messages. */
  forms: readonly string[]
  /** The verb phrase of the main pattern, for messages: `take`, `go to`. */
  verb: string
  /** The main pattern as literal strings and slot indices, to render the canonical text fast. */
  render: readonly (string | number)[]
  /** `{obj: '', recep: ''}`: cloned for each grounded action, so every clone has one shape. */
  argsShape: Readonly<Record<string, string>>
}

/**
 * One part of a compiled pattern: a literal or a slot. One shape for both keeps the walk
 * monomorphic. A slot part names its place in the space's slot table, so the parts, like
 * the patterns, are shared by every space of one layout.
 */
export class CompiledPart {
  constructor(
    readonly literal: Literal | null,
    /** The slot's place in `CompiledSpace.slots`; -1 for a literal. */
    readonly ref: number,
    /** The slot's index in its template; -1 for a literal or an undeclared placeholder. */
    readonly index: number,
  ) {}
}

export interface PatternInfo {
  /**
   * Slot values while matching; `build` copies them out, so one array serves every call (of
   * every space of the layout: a walk never calls out before it is copied).
   */
  scratch: string[]
  template: TemplateInfo
  parts: readonly CompiledPart[]
  /** The opening literal without its trailing space, to recognise the verb. */
  leadTokens: readonly Token[] | null
  lead: string
}

const ARTICLES = ['the ', 'a ', 'an ', 'some ']

/** The value keys of a slot that is not an enum: one empty map for all of them. */
const NO_KEYS: ReadonlyMap<string, number> = new Map()

/** Extra phrasings of the usual meta-actions, tried only when no template matches. */
const META_ALIASES: Record<string, readonly string[]> = {
  'check valid actions': [
    'check valid action',
    'check available actions',
    'check the valid actions',
    'check actions',
    'valid actions',
    'show valid actions',
    'list valid actions',
  ],
  inventory: ['check inventory', 'show inventory', 'i'],
  look: ['look around'],
  help: ['show help', '?'],
}

/**
 * An ActionSpace compiled for grounding: patterns split into literal tokens, entity names
 * in a trie, templates indexed by their first word. Grounding a well-formed action is one
 * index lookup and a left-to-right walk with no regular expressions.
 */
export class CompiledSpace implements CompiledActionSpace {
  readonly templates: readonly TemplateInfo[]
  readonly patterns: readonly PatternInfo[]
  /** First word of a pattern → the patterns that open with it, most specific first. */
  readonly byFirstWord: ReadonlyMap<string, readonly PatternInfo[]>
  /** Patterns that open with a slot or punctuation: tried for every action. */
  readonly always: readonly PatternInfo[]
  /** The slots of the templates (see `Layout.slots`), compiled against this space's entities. */
  readonly slots: readonly SlotInfo[]
  /** The distinct verbs and meta-actions, for the message to an unknown action. */
  readonly leads: readonly Lead[]
  readonly entityNames: string[] = []
  readonly entityTypes: (readonly string[])[] = []
  readonly trie = new Trie()
  /** Normalised name, alias or unnumbered base name → entity ids. */
  readonly entityKeys = new Map<string, number[]>()
  /** Keys that are unnumbered base names of numbered duplicates. */
  readonly baseKeys = new Set<string>()
  /** Normalised meta-action → as written (shared by every space of the same layout: read-only). */
  readonly meta: ReadonlyMap<string, string>
  /** First words of the meta-actions: most actions skip the meta lookup on this test. */
  readonly metaFirstWords: ReadonlySet<string>
  readonly metaAliases: ReadonlyMap<string, string>
  /**
   * The first words of patterns and meta-actions by their first character (ASCII), so the
   * first word of an action is compared in place instead of sliced out and hashed.
   */
  private readonly openers: readonly (readonly Opener[] | undefined)[]
  /** The same openers by word, for actions that open with a non-ASCII character. */
  private readonly openersByWord: ReadonlyMap<string, Opener>
  /** Slot matches of the backtracking walk, as a stack of (end, ids) pairs: no allocation per match. */
  private readonly matchEnds: number[] = []
  private readonly matchIds: (readonly number[])[] = []
  private matchTop = 0

  /** Slots' type masks by type name: the templates of a space share a handful of types. */
  private readonly fitsByType = new Map<string, Uint8Array | null>()

  constructor(space: ActionSpace, content: SpaceContent = contentOf(space)) {
    this.indexEntities(space, content.entities)
    // Only the entities and the slots' masks are this space's own: the rest is its layout's.
    const layout = layoutOf(space, content)
    this.templates = layout.templates
    this.patterns = layout.patterns
    this.byFirstWord = layout.byFirstWord
    this.always = layout.always
    this.meta = layout.meta
    this.metaFirstWords = layout.metaFirstWords
    this.metaAliases = layout.metaAliases
    this.openers = layout.openers
    this.openersByWord = layout.openersByWord
    this.leads = layout.leads
    this.slots = layout.slots.map((slot) => this.compileSlot(slot.name, slot.type, slot.allowed))
  }

  /** The patterns and meta flag for the first word of `lower`, without slicing it out. */
  private opener(lower: string): Opener | null {
    const code = lower.charCodeAt(0)
    if (code >= 128) return this.openersByWord.get(firstWord(lower)) ?? null
    const list = this.openers[code]
    if (list === undefined) return null
    const second = lower.charCodeAt(1)
    for (let i = 0; i < list.length; i++) {
      const opener = list[i]!
      const word = opener.word
      if (opener.second !== second && word.length > 1) continue
      // verbs are short: a loop beats a native call here
      if (word.length > lower.length) continue
      let j = 2
      while (j < word.length && lower.charCodeAt(j) === word.charCodeAt(j)) j++
      if (j < word.length) continue
      // the word must end where `firstWord` would end it
      if (word.length === lower.length) return opener
      const after = lower.charCodeAt(word.length)
      if (!(isWordCode(after) || after === 45 || after === 47 || after === 39)) return opener
    }
    return null
  }

  private indexEntities(space: ActionSpace, records: readonly EntityRecord[]): void {
    const bases = new Map<string, number[]>()
    space.entities.forEach((entity, id) => {
      this.entityNames.push(entity.name)
      this.entityTypes.push(entity.types)
      for (const name of records[id]!.names) {
        this.addKey(name.key, id)
        if (name.base !== null) {
          this.addKey(name.joined!, id) // `apple1`
          if (name.isName) {
            const list = bases.get(name.base) ?? []
            list.push(id)
            bases.set(name.base, list)
          }
        }
      }
    })
    for (const [base, ids] of bases) {
      if (this.entityKeys.has(base)) continue
      this.baseKeys.add(base)
      for (const id of ids) this.addKey(base, id)
    }
    this.trie.seal()
  }

  private addKey(key: string, id: number): void {
    const ids = this.entityKeys.get(key)
    if (ids) {
      if (!ids.includes(id)) ids.push(id)
    } else this.entityKeys.set(key, [id])
    this.trie.add(key, id)
  }

  /** 1 for each entity id whose types include `type`; null when none does. Read-only once made. */
  private typeFits(type: string): Uint8Array | null {
    let fits = this.fitsByType.get(type)
    if (fits !== undefined) return fits
    const count = this.entityNames.length
    const mask = new Uint8Array(count)
    let any = false
    for (let id = 0; id < count; id++) {
      if (this.entityTypes[id]!.includes(type)) {
        mask[id] = 1
        any = true
      }
    }
    fits = any ? mask : null
    this.fitsByType.set(type, fits)
    return fits
  }

  private compileSlot(
    name: string,
    type: string,
    allowed: readonly string[] | undefined,
  ): SlotInfo {
    const count = this.entityNames.length
    const shared = this.typeFits(type)
    const anyFits = shared !== null
    // No entity of the type: a zero mask of the slot's own, as every slot had before masks were shared.
    const typeFits = shared ?? new Uint8Array(count)
    const isEnum = allowed !== undefined && (type === 'text' || !anyFits)
    if (type === 'text' && !isEnum) {
      return {
        name,
        type,
        mode: 'text',
        accepts: typeFits,
        typeFits,
        values: [],
        valueTrie: null,
        valueKeys: NO_KEYS,
      }
    }
    if (isEnum) {
      const trie = new Trie()
      const keys = new Map<string, number>()
      allowed.forEach((value, i) => {
        const key = entityKey(value)
        if (key === '' || keys.has(key)) return
        keys.set(key, i)
        trie.add(key, i)
      })
      trie.seal()
      return {
        name,
        type,
        mode: 'enum',
        accepts: typeFits,
        typeFits,
        values: allowed,
        valueTrie: trie,
        valueKeys: keys,
      }
    }
    let accepts = typeFits
    if (allowed !== undefined) {
      accepts = typeFits.slice()
      const ok = new Set(allowed.map(entityKey))
      for (let id = 0; id < count; id++) {
        if (accepts[id] && !ok.has(entityKey(this.entityNames[id]!))) accepts[id] = 0
      }
    }
    return {
      name,
      type,
      mode: 'entity',
      accepts,
      typeFits,
      values: [],
      valueTrie: null,
      valueKeys: NO_KEYS,
    }
  }

  ground(text: string, options?: GroundOptions): GroundResult {
    this.matchTop = 0
    const raw = typeof text === 'string' ? text : String(text)
    const plain = isPlainAction(raw)
    // A multi-line action (a script, a query) is code: only its ends are trimmed.
    const src = plain ? raw : raw.includes('\n') ? raw.trim() : cleanAction(toHalfWidth(raw))
    if (src === '') return { ok: false, status: 'unknown_action', message: feedback.emptyAction() }
    const lower = src.toLowerCase()
    const source = lower.length === src.length ? src : lower
    const flat = plain ? lower : collapseSpaces(lower)
    const opener = this.opener(lower)
    if (opener?.meta) {
      const meta = this.meta.get(flat)
      if (meta !== undefined)
        return { ok: true, action: { template: meta, args: {}, text: meta }, meta: true }
    }
    const candidates = opener?.patterns
    if (candidates) {
      for (const pattern of candidates) {
        const grounded = this.tryPattern(pattern, source, lower)
        if (grounded) return this.accept(pattern, grounded, source, lower, options)
      }
    }
    for (const pattern of this.always) {
      const grounded = this.tryPattern(pattern, source, lower)
      if (grounded) return this.accept(pattern, grounded, source, lower, options)
    }
    const alias = this.metaAliases.get(flat)
    if (alias !== undefined)
      return { ok: true, action: { template: alias, args: {}, text: alias }, meta: true }
    return diagnose(this, source, lower, options)
  }

  /** A grounded action, unless it names an entity the agent has not seen: then the slow path answers. */
  private accept(
    pattern: PatternInfo,
    action: GroundedAction,
    src: string,
    lower: string,
    options: GroundOptions | undefined,
  ): GroundResult {
    const known = options?.known
    if (known) {
      const refs = pattern.template.slotRefs
      for (let i = 0; i < refs.length; i++) {
        const slot = this.slots[refs[i]!]!
        if (slot.mode === 'entity' && !known(action.args[slot.name] ?? ''))
          return diagnose(this, src, lower, options)
      }
    }
    return { ok: true, action, meta: false }
  }

  private tryPattern(pattern: PatternInfo, src: string, lower: string): GroundedAction | null {
    const values = pattern.scratch
    if (!this.matchFrom(pattern.parts, 0, 0, src, lower, values)) return null
    return this.build(pattern.template, values)
  }

  build(template: TemplateInfo, values: readonly string[]): GroundedAction {
    const args: Record<string, string> = { ...template.argsShape }
    const names = template.slotNames
    for (let i = 0; i < names.length; i++) args[names[i]!] = values[i] ?? ''
    const render = template.render
    let text = ''
    for (let i = 0; i < render.length; i++) {
      const piece = render[i]!
      text += typeof piece === 'string' ? piece : (values[piece] ?? '')
    }
    return { template: template.id, args, text }
  }

  /** Walks the parts left to right; backtracks only over entity names that share a prefix. */
  private matchFrom(
    parts: readonly CompiledPart[],
    k: number,
    pos: number,
    src: string,
    lower: string,
    values: string[],
  ): boolean {
    const n = lower.length
    if (k === parts.length) {
      while (pos < n && isSpace(lower.charCodeAt(pos))) pos++
      return pos === n
    }
    const part = parts[k]!
    if (part.literal !== null) {
      const next = matchLiteral(part.literal, lower, pos)
      return next !== -1 && this.matchFrom(parts, k + 1, next, src, lower, values)
    }
    while (pos < n && isSpace(lower.charCodeAt(pos))) pos++
    const slot = this.slots[part.ref]!
    if (slot.mode === 'text') return this.matchText(parts, k, pos, src, lower, values)
    const base = this.matchTop
    const top = this.collectSlot(slot, lower, pos, base)
    this.matchTop = top
    for (let m = top - 1; m >= base; m--) {
      const value = this.resolve(slot, this.matchIds[m]!)
      if (value === null) continue
      if (part.index >= 0) values[part.index] = value
      if (this.matchFrom(parts, k + 1, this.matchEnds[m]!, src, lower, values)) {
        this.matchTop = base
        return true
      }
    }
    this.matchTop = base
    return false
  }

  /**
   * The names starting at `pos` (with or without an article), sorted by end, shortest first,
   * pushed onto the walk's match stack from `base`; returns the new top.
   */
  private collectSlot(slot: SlotInfo, lower: string, pos: number, base: number): number {
    const trie = slot.mode === 'enum' ? slot.valueTrie! : this.trie
    const ends = this.matchEnds
    const ids = this.matchIds
    const top = trie.collect(lower, pos, ends, ids, base)
    const first = lower.charCodeAt(pos)
    // only `a`, `an`, `some` and `the` can open an article
    if (first !== 97 && first !== 115 && first !== 116) return top
    for (const article of ARTICLES) {
      if (!lower.startsWith(article, pos)) continue
      let after = pos + article.length
      while (after < lower.length && isSpace(lower.charCodeAt(after))) after++
      const end = trie.collect(lower, after, ends, ids, top)
      if (top > base && end > top) {
        // keep the stack sorted by end, shortest first (insertion sort: a handful of entries)
        for (let i = top; i < end; i++) {
          const e = ends[i]!
          const list = ids[i]!
          let j = i - 1
          while (j >= base && ends[j]! > e) {
            ends[j + 1] = ends[j]!
            ids[j + 1] = ids[j]!
            j--
          }
          ends[j + 1] = e
          ids[j + 1] = list
        }
      }
      return end
    }
    return top
  }

  /** Names starting at `pos` (with or without an article), sorted by end, shortest first. */
  slotMatches(slot: SlotInfo, lower: string, pos: number): Match[] {
    const base = this.matchTop
    const top = this.collectSlot(slot, lower, pos, base)
    return toMatches(this.matchEnds, this.matchIds, base, top)
  }

  /** The one value the ids stand for in this slot, or null when none or several fit. */
  resolve(slot: SlotInfo, ids: readonly number[]): string | null {
    if (slot.mode === 'enum') return slot.values[ids[0]!] ?? null
    let found = -1
    for (const id of ids) {
      if (slot.accepts[id] === 1) {
        if (found !== -1) return null
        found = id
      }
    }
    return found === -1 ? null : this.entityNames[found]!
  }

  private matchText(
    parts: readonly CompiledPart[],
    k: number,
    pos: number,
    src: string,
    lower: string,
    values: string[],
  ): boolean {
    const index = parts[k]!.index
    const n = lower.length
    const next = parts[k + 1]
    if (!next) return bindText(index, src, pos, n, values)
    if (next.literal === null) {
      // Two slots side by side: split at each word boundary, left to right.
      for (let j = pos + 1; j < n; j++) {
        if (!isSpace(lower.charCodeAt(j)) || !bindText(index, src, pos, j, values)) continue
        if (this.matchFrom(parts, k + 1, j, src, lower, values)) return true
      }
      return false
    }
    if (k + 2 === parts.length) {
      // The closing literal must end the text: `search[{query}]` takes up to the last `]`.
      for (let j = n - 1; j > pos; j--) {
        if (matchLiteral(next.literal, lower, j) === n && bindText(index, src, pos, j, values))
          return true
      }
      return false
    }
    for (let j = pos + 1; j < n; j++) {
      const after = matchLiteral(next.literal, lower, j)
      if (after === -1 || !bindText(index, src, pos, j, values)) continue
      if (this.matchFrom(parts, k + 2, after, src, lower, values)) return true
    }
    return false
  }
}

/** Binds the trimmed free text between `start` and `end`; false when it is empty. */
function bindText(
  index: number,
  src: string,
  start: number,
  end: number,
  values: string[],
): boolean {
  const value = src.slice(start, end).trim()
  if (value === '') return false
  if (index >= 0) values[index] = value
  return true
}

/** `take {obj} from {recep}` → ['take ', 0, ' from ', 1], placeholders named as renderPattern reads them. */
function renderPieces(pattern: string, slots: readonly { name: string }[]): (string | number)[] {
  const pieces: (string | number)[] = []
  const re = /\{(\w+)\}/g
  let last = 0
  for (let m = re.exec(pattern); m !== null; m = re.exec(pattern)) {
    const name = m[1]
    const index = slots.findIndex((slot) => slot.name === name)
    if (index === -1) continue
    if (m.index > last) pieces.push(pattern.slice(last, m.index))
    pieces.push(index)
    last = m.index + m[0].length
  }
  if (last < pattern.length) pieces.push(pattern.slice(last))
  return pieces
}

function leadTokensOf(parts: readonly Part[]): readonly Token[] | null {
  const first = parts[0]
  if (first?.kind !== 'literal') return null
  const tokens = first.literal.tokens
  const last = tokens[tokens.length - 1]
  return last?.kind === 'space' ? tokens.slice(0, -1) : tokens
}

/** Fewer free-text slots first, then more literal words: the most specific reading wins. */
function bySpecificity(a: FormShape, b: FormShape): number {
  return a.textSlots - b.textSlots || b.literalWeight - a.literalWeight
}

/** A first word that opens patterns, a meta-action, or both. */
class Opener {
  /** The word's second character: most candidates fail on it without a string compare. */
  readonly second: number
  constructor(
    readonly word: string,
    readonly patterns: readonly PatternInfo[] | null,
    readonly meta: boolean,
  ) {
    this.second = word.charCodeAt(1)
  }
}

/** The lower-cased first word of the text, up to the first space or punctuation. */
export function firstWord(lower: string): string {
  let end = 0
  while (end < lower.length) {
    const c = lower.charCodeAt(end)
    if (!isWordCode(c) && c !== 45 && c !== 47 && c !== 39) break
    end++
  }
  return lower.slice(0, end)
}

// ─── caching ────────────────────────────────────────────────────────────────────────────

interface CacheEntry {
  space: ActionSpace
  templates: unknown
  entities: unknown
  meta: unknown
  templateCount: number
  entityCount: number
  metaCount: number
  compiled: CompiledSpace
}

/**
 * The spaces compiled last, by object, newest first: an agent grounds against one space many
 * times in a row, and a caller that keeps several compiles each once and keeps the result.
 * A few strong entries, not a WeakMap of every space: a WeakMap entry keeps its compiled
 * space alive through young-generation collections, so each short-lived space (a view, an
 * episode's) was promoted and collected by full mark-compacts, which cost some three times
 * the compile itself. A space not found here is found by its content (`byContent`).
 */
const recent: (CacheEntry | undefined)[] = new Array(4).fill(undefined)

/**
 * Compiles a space for grounding. `groundAction` caches the result per space object; a space
 * whose arrays were replaced or changed length is compiled again.
 */
export function compileActionSpace(space: ActionSpace): CompiledActionSpace {
  return compiled(space)
}

function compiled(space: ActionSpace): CompiledSpace {
  let entry: CacheEntry | undefined
  let at = 0
  for (; at < recent.length; at++) {
    const each = recent[at]
    if (each === undefined || each.space === space) {
      entry = each
      break
    }
  }
  if (
    entry !== undefined &&
    entry.templates === space.templates &&
    entry.entities === space.entities &&
    entry.meta === space.meta &&
    entry.templateCount === space.templates.length &&
    entry.entityCount === space.entities.length &&
    entry.metaCount === (space.meta?.length ?? 0)
  ) {
    if (at > 0) remember(entry, at)
    return entry.compiled
  }
  const fresh = sameContent(space)
  const created: CacheEntry = {
    space,
    templates: space.templates,
    entities: space.entities,
    meta: space.meta,
    templateCount: space.templates.length,
    entityCount: space.entities.length,
    metaCount: space.meta?.length ?? 0,
    compiled: fresh,
  }
  remember(created, entry !== undefined ? at : recent.length - 1)
  return fresh
}

/** Puts the entry first, dropping the one at `from` (itself, or the oldest) to make room. */
function remember(entry: CacheEntry, from: number): void {
  for (let i = Math.min(from, recent.length - 1); i > 0; i--) recent[i] = recent[i - 1]
  recent[0] = entry
}

/**
 * A compiled space of a household world takes some 180 KiB: 256 of them held 47 MiB per
 * thread, 64 hold 12 MiB, and household synthesis spent no more CPU with 64 (600
 * trajectories, within the machine's noise).
 */
const MAX_BY_CONTENT = 64

/**
 * Spaces compiled before, by their content, least recently used out first: environments
 * build a new space object for every episode (a world's entities, in view or in all), and an
 * episode, its replay and the next episode of the same world ask for the same space again. A
 * compiled space holds no state between calls to `ground`, so one serves them all. The key
 * is the content's ids (see `SpaceContent`), not the content itself: a JSON key of a whole
 * space cost more than compiling most spaces.
 */
const byContent = new LRUCache<string, CompiledSpace>({ max: MAX_BY_CONTENT })

function sameContent(space: ActionSpace): CompiledSpace {
  const content = contentOf(space)
  let found = byContent.get(content.key)
  if (!found) {
    found = new CompiledSpace(space, content)
    byContent.set(content.key, found)
  }
  return found
}

// ─── content ids ────────────────────────────────────────────────────────────────────────

/**
 * A space's templates and entities as content records, and a key that is equal for two
 * spaces exactly when what they compile to is: the ids of their templates and entities, in
 * order, and their meta-actions.
 */
interface SpaceContent {
  templates: readonly TemplateRecord[]
  entities: readonly EntityRecord[]
  key: string
  /** The templates' ids and the meta-actions: what `Layout` depends on. */
  layoutKey: string
}

/**
 * What a space compiles to apart from its entities: the templates, their patterns (split,
 * ordered, indexed by first word), the slots they take and the meta-actions. A function of
 * the templates and meta-actions alone, so the views of one world, with their different
 * entities, share it, and compiling one more view costs its entities and slot masks only.
 */
interface Layout {
  templates: readonly TemplateInfo[]
  /** Every template's pattern and synonyms, in template order. */
  patterns: readonly PatternInfo[]
  /** First word → patterns, most specific first; in the order the words first appear. */
  byFirstWord: ReadonlyMap<string, readonly PatternInfo[]>
  always: readonly PatternInfo[]
  /** The distinct slots of the templates (name, type, allowed list), by `CompiledPart.ref`. */
  slots: readonly SlotShape[]
  /** Openers by the code of their first character (ASCII), each list in word order. */
  openers: readonly (readonly Opener[] | undefined)[]
  openersByWord: ReadonlyMap<string, Opener>
  meta: ReadonlyMap<string, string>
  metaFirstWords: ReadonlySet<string>
  metaAliases: ReadonlyMap<string, string>
  leads: readonly Lead[]
}

/** A slot as the templates declare it; `CompiledSpace.compileSlot` makes it a `SlotInfo`. */
interface SlotShape {
  name: string
  type: string
  allowed: readonly string[] | undefined
}

/** A verb or meta-action an unknown action may be a typo of, measured once (see `diagnose`). */
export interface Lead {
  lead: string
  /** How many words it has. */
  words: number
  /** The lead without its spaces. */
  joined: string
  /** The largest edit distance that still suggests it. */
  limit: number
}

const layouts = new Map<string, Layout>()
const MAX_LAYOUTS = 256

function layoutOf(space: ActionSpace, content: SpaceContent): Layout {
  let layout = layouts.get(content.layoutKey)
  if (layout === undefined) {
    if (layouts.size >= MAX_LAYOUTS) layouts.clear()
    layout = makeLayout(space, content.templates)
    layouts.set(content.layoutKey, layout)
  }
  return layout
}

function makeLayout(space: ActionSpace, templates: readonly TemplateRecord[]): Layout {
  const slots: SlotShape[] = []
  const slotRefs = new Map<string, number>()
  // Slots alike (name, type, allowed list) compile alike: one entry serves them all.
  const slotRef = (name: string, type: string, allowed: readonly string[] | undefined) => {
    const key = `${name}\u0000${type}\u0000${allowed === undefined ? '' : JSON.stringify(allowed)}`
    let ref = slotRefs.get(key)
    if (ref === undefined) {
      ref = slots.length
      // A copy: the layout outlives the space it was made from, whose lists may change.
      slots.push({ name, type, allowed: allowed === undefined ? undefined : [...allowed] })
      slotRefs.set(key, ref)
    }
    return ref
  }
  const forms: FormShape[] = []
  const infos: TemplateInfo[] = []
  const patterns: PatternInfo[] = []
  templates.forEach((record, t) => {
    const template = space.templates[t]!
    const shape = record.shape
    const refs = template.slots.map((slot) =>
      slotRef(slot.name, slot.type, template.allowed?.[slot.name]),
    )
    const info: TemplateInfo = {
      id: shape.id,
      pattern: shape.pattern,
      slotNames: template.slots.map((slot) => slot.name),
      slotRefs: refs,
      forms: shape.forms,
      verb: shape.verb,
      render: shape.render,
      argsShape: shape.argsShape,
    }
    infos.push(info)
    for (const form of shape.patterns) {
      forms.push(form)
      const parts = form.parts.map((part, k) => {
        if (part.kind === 'literal') return form.literals[k]!
        const index = form.indices[k]!
        // A placeholder the slots do not declare: free text, so the pattern still parses.
        if (index === -1) return new CompiledPart(null, slotRef(part.name, 'text', undefined), -1)
        return new CompiledPart(null, refs[index]!, index)
      })
      patterns.push({
        scratch: new Array<string>(refs.length).fill(''),
        template: info,
        parts,
        leadTokens: form.leadTokens,
        lead: form.lead,
      })
    }
  })
  const byFirstWord = new Map<string, number[]>()
  const always: number[] = []
  forms.forEach((form, index) => {
    if (form.firstWords === null) {
      always.push(index)
      return
    }
    for (const alt of form.firstWords) {
      const list = byFirstWord.get(alt)
      if (list) list.push(index)
      else byFirstWord.set(alt, [index])
    }
  })
  // Stable sorts of the same order by the same keys: the order sorting the patterns gave.
  const specific = (a: number, b: number) => bySpecificity(forms[a]!, forms[b]!)
  const patternsByWord = new Map<string, PatternInfo[]>()
  for (const [word, list] of byFirstWord)
    patternsByWord.set(
      word,
      list.sort(specific).map((i) => patterns[i]!),
    )
  const meta = new Map<string, string>()
  const metaFirstWords = new Set<string>()
  const metaAliases = new Map<string, string>()
  for (const each of space.meta ?? []) {
    const key = collapseSpaces(each.toLowerCase())
    meta.set(key, each)
    metaFirstWords.add(firstWord(key))
    for (const alias of META_ALIASES[key] ?? []) metaAliases.set(alias, each)
  }
  const openers: (Opener[] | undefined)[] = new Array(128).fill(undefined)
  const openersByWord = new Map<string, Opener>()
  for (const word of [...new Set([...byFirstWord.keys(), ...metaFirstWords])].sort()) {
    const opener = new Opener(word, patternsByWord.get(word) ?? null, metaFirstWords.has(word))
    openersByWord.set(word, opener)
    const code = word.charCodeAt(0)
    if (!(code < 128)) continue
    const list = openers[code] ?? []
    list.push(opener)
    openers[code] = list
  }
  const leads = [...new Set([...patterns.map((p) => p.lead), ...meta.keys()])]
    .filter((lead) => lead !== '')
    .map((lead) => ({
      lead,
      words: lead.split(' ').length,
      joined: lead.replace(/ /g, ''),
      limit: lead.length <= 3 ? 1 : lead.length <= 6 ? 2 : 3,
    }))
  return {
    templates: infos,
    patterns,
    byFirstWord: patternsByWord,
    always: always.sort(specific).map((i) => patterns[i]!),
    slots,
    openers,
    openersByWord,
    meta,
    metaFirstWords,
    metaAliases,
    leads,
  }
}

/** One template's content, as it compiles (its description does not), and what it compiles to. */
interface TemplateRecord {
  id: number
  templateId: string
  pattern: string
  synonyms: readonly string[]
  /** Slot names and types, alternating. */
  slots: readonly string[]
  /** JSON of the allowed lists, or null without them. */
  allowed: string | null
  shape: TemplateShape
}

/** A template compiled as far as it can be without the entities; spaces share it. */
interface TemplateShape {
  id: string
  pattern: string
  forms: readonly string[]
  verb: string
  render: readonly (string | number)[]
  argsShape: Readonly<Record<string, string>>
  patterns: readonly FormShape[]
}

/** One form (the pattern or a synonym) of a template, split. */
interface FormShape {
  parts: readonly Part[]
  /** For each slot part, its slot's index in the template; -1 for literals and undeclared slots. */
  indices: readonly number[]
  leadTokens: readonly Token[] | null
  lead: string
  /** The alternatives of the opening word, or null when the form opens with a slot or punctuation. */
  firstWords: readonly string[] | null
  /** The compiled literal parts, by part index (null for slots): they hold no entity, so spaces share them. */
  literals: readonly (CompiledPart | null)[]
  /**
   * Slots that take free text: a `text` slot without an allowed list, or a placeholder the
   * slots do not declare (see `compileSlot`), whatever the entities.
   */
  textSlots: number
  /** Literal tokens. */
  literalWeight: number
}

/** One entity's content and the keys its name and aliases index under. */
interface EntityRecord {
  id: number
  name: string
  types: readonly string[]
  aliases: readonly string[]
  names: readonly EntityName[]
}

interface EntityName {
  /** The normalised name or alias (never empty). */
  key: string
  /** `apple` of `apple 1`, or null when the key is not numbered. */
  base: string | null
  /** `apple1` of `apple 1`. */
  joined: string | null
  /** The entity's own name rather than an alias. */
  isName: boolean
}

/**
 * Records by pattern and by name, each compared field by field with what it was made from
 * (copies, so a template or entity changed in place is not mistaken for its old self): the
 * strings are mostly the very ones seen before, so the lookup hashes nothing new and the
 * compare is a few pointer checks. Cleared when full: ids are never reused, so a record made
 * again only costs a compile, never a wrong hit.
 */
const templatesByPattern = new Map<string, TemplateRecord[]>()
const entitiesByName = new Map<string, EntityRecord[]>()
const MAX_RECORDS = 8192
let records = 0
let nextId = 0

const NONE: readonly string[] = []

function contentOf(space: ActionSpace): SpaceContent {
  const templates = space.templates.map(templateRecord)
  const entities = space.entities.map(entityRecord)
  let ids = ''
  for (const record of templates) ids += `${record.id},`
  const meta = space.meta === undefined ? '' : JSON.stringify(space.meta)
  let key = `${ids}|`
  for (const record of entities) key += `${record.id},`
  return { templates, entities, key: `${key}|${meta}`, layoutKey: `${ids}|${meta}` }
}

function templateRecord(template: ActionSpace['templates'][number]): TemplateRecord {
  const synonyms = template.synonyms ?? NONE
  // Allowed lists are rare (scripted tasks) and long: compared by their JSON.
  const allowed = template.allowed === undefined ? null : JSON.stringify(template.allowed)
  let list = templatesByPattern.get(template.pattern)
  if (list !== undefined) {
    for (const record of list) {
      if (
        record.templateId === template.id &&
        record.allowed === allowed &&
        sameStrings(record.synonyms, synonyms) &&
        sameSlots(record.slots, template.slots)
      )
        return record
    }
  } else {
    list = []
    templatesByPattern.set(template.pattern, list)
  }
  const record: TemplateRecord = {
    id: nextId++,
    templateId: template.id,
    pattern: template.pattern,
    synonyms: [...synonyms],
    slots: template.slots.flatMap((slot) => [slot.name, slot.type]),
    allowed,
    shape: shapeOf(template),
  }
  list.push(record)
  counted()
  return record
}

function entityRecord(entity: ActionSpace['entities'][number]): EntityRecord {
  const aliases = entity.aliases ?? NONE
  let list = entitiesByName.get(entity.name)
  if (list !== undefined) {
    for (const record of list) {
      if (sameStrings(record.types, entity.types) && sameStrings(record.aliases, aliases))
        return record
    }
  } else {
    list = []
    entitiesByName.set(entity.name, list)
  }
  const record: EntityRecord = {
    id: nextId++,
    name: entity.name,
    types: [...entity.types],
    aliases: [...aliases],
    names: namesOf(entity.name, aliases),
  }
  list.push(record)
  counted()
  return record
}

function counted(): void {
  if (++records < MAX_RECORDS) return
  // Some hundred worlds, more than the spaces `byContent` keeps: past it, start afresh.
  templatesByPattern.clear()
  entitiesByName.clear()
  records = 0
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function sameSlots(
  flat: readonly string[],
  slots: readonly { name: string; type: string }[],
): boolean {
  if (flat.length !== slots.length * 2) return false
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!
    if (flat[2 * i] !== slot.name || flat[2 * i + 1] !== slot.type) return false
  }
  return true
}

function namesOf(name: string, aliases: readonly string[]): EntityName[] {
  const names: EntityName[] = []
  for (const each of [name, ...aliases]) {
    const key = entityKey(each)
    if (key === '') continue
    const numbered = /^(.*\S) (\d+)$/.exec(key)
    names.push({
      key,
      base: numbered ? numbered[1]! : null,
      joined: numbered ? `${numbered[1]}${numbered[2]}` : null,
      isName: each === name,
    })
  }
  return names
}

function shapeOf(template: ActionSpace['templates'][number]): TemplateShape {
  const forms = [template.pattern, ...(template.synonyms ?? [])]
  return {
    id: template.id,
    pattern: template.pattern,
    forms,
    verb: leadOf(splitPattern(template.pattern)) || template.id,
    render: renderPieces(template.pattern, template.slots),
    argsShape: Object.fromEntries(template.slots.map((slot) => [slot.name, ''])),
    patterns: forms.map((form) => {
      const parts = splitPattern(form)
      const first = parts[0]
      const firstToken = first?.kind === 'literal' ? first.literal.tokens[0] : undefined
      const indices = parts.map((part) =>
        part.kind === 'literal' ? -1 : template.slots.findIndex((slot) => slot.name === part.name),
      )
      let textSlots = 0
      let literalWeight = 0
      parts.forEach((part, k) => {
        if (part.kind === 'literal') {
          literalWeight += part.literal.tokens.length
          return
        }
        const slot = template.slots[indices[k]!]
        if (!slot || (slot.type === 'text' && template.allowed?.[slot.name] === undefined))
          textSlots++
      })
      return {
        parts,
        indices,
        literals: parts.map((part) =>
          part.kind === 'literal' ? new CompiledPart(part.literal, -1, -1) : null,
        ),
        leadTokens: leadTokensOf(parts),
        lead: leadOf(parts),
        firstWords: firstToken?.kind === 'word' ? firstToken.alts : null,
        textSlots,
        literalWeight,
      }
    }),
  }
}

/** Stage two: action text → a grounded action against the space. Never throws. */
export function groundAction(text: string, space: ActionSpace): GroundResult {
  try {
    return compiled(space).ground(text)
  } catch {
    return { ok: false, status: 'unknown_action', message: feedback.unknownAction(String(text)) }
  }
}
