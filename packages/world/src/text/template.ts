/** One piece of a text template: literal text or a `{…}` slot. */
export type TemplatePiece =
  | { readonly kind: 'literal'; readonly text: string }
  | {
      readonly kind: 'slot'
      /** Variable name (without `?`) or entity id. */
      readonly name: string
      /** `a`: with the entity's article; `the`: with "the"; `attr`: a numeric attribute. */
      readonly form: 'name' | 'a' | 'the' | 'attr'
      readonly attr?: string
      /** `{A x}`, `{The x}`, `{X x}`: first letter upper-cased. */
      readonly capital: boolean
    }

const SLOT = /^(?:(a|an|the|A|An|The)\s+)?([A-Za-z][\w-]*)(?:\.([A-Za-z][\w-]*))?$/

/**
 * Splits `You put the {o} in/on the {r}.` into literals and slots. Returns the offending slot
 * text when a `{…}` does not parse.
 */
export function parseTemplate(template: string): ParsedTemplate {
  // Worlds of a family repeat their texts (every generated world has the same few messages),
  // and the pieces are never changed, so a text is parsed once.
  let known = parsed.get(template)
  if (known === undefined) {
    if (parsed.size >= MAX_PARSED) parsed.clear()
    known = parse(template)
    parsed.set(template, known)
  }
  return known
}

export type ParsedTemplate =
  | { readonly ok: true; readonly pieces: readonly TemplatePiece[] }
  | { readonly ok: false; readonly slot: string }

const parsed = new Map<string, ParsedTemplate>()
const MAX_PARSED = 4096

function parse(template: string): ParsedTemplate {
  const pieces: TemplatePiece[] = []
  let last = 0
  const re = /\{([^{}]*)\}/g
  for (let m = re.exec(template); m; m = re.exec(template)) {
    if (m.index > last) pieces.push({ kind: 'literal', text: template.slice(last, m.index) })
    const body = (m[1] ?? '').trim()
    const parsed = SLOT.exec(body)
    if (!parsed) return { ok: false, slot: m[0] }
    const [, article, name, attr] = parsed
    if (attr !== undefined && article !== undefined) return { ok: false, slot: m[0] }
    pieces.push({
      kind: 'slot',
      name: name!,
      form:
        attr !== undefined
          ? 'attr'
          : article === undefined
            ? 'name'
            : article.toLowerCase() === 'the'
              ? 'the'
              : 'a',
      ...(attr !== undefined ? { attr } : {}),
      capital: article !== undefined && article[0] !== article[0]!.toLowerCase(),
    })
    last = m.index + m[0].length
  }
  if (last < template.length) pieces.push({ kind: 'literal', text: template.slice(last) })
  return { ok: true, pieces }
}

/** The `{param}` names in an action pattern, in order. */
export function patternSlots(pattern: string): string[] {
  return [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => (m[1] ?? '').trim())
}

/** Joins list items: `and` gives ALFWorld's "a, b, and c". */
export function joinItems(items: readonly string[], join: 'and' | 'comma' | 'lines'): string {
  if (join === 'lines') return items.join('\n')
  if (join === 'comma' || items.length < 2) return items.join(', ')
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value)
  return String(Math.round(value * 100) / 100)
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1)
}
