import { isWordCode } from './text'

/**
 * A radix trie over normalised names (lower case, single spaces, no leading article); each
 * end node holds the ids the name stands for. Edges carry whole runs of characters, so a
 * lookup is a few native `startsWith` comparisons rather than one step per character.
 */
export class Trie {
  private readonly root = new TrieNode()

  /** Sets each node's single-edge shortcut; call after the last `add`. */
  seal(): void {
    const stack = [this.root]
    while (stack.length > 0) {
      const node = stack.pop()!
      node.only = node.edges.size === 1 ? [...node.edges.values()][0] : undefined
      node.ascii = node.edges.size === 0 ? NO_EDGES : undefined
      if (node.edges.size > 1) {
        // A dense table for ASCII first characters: an indexed load instead of a Map lookup.
        const table = new Array<Edge | undefined>(128).fill(undefined)
        for (const [code, edge] of node.edges) if (code < 128) table[code] = edge
        node.ascii = table
      }
      for (const edge of node.edges.values()) stack.push(edge.node)
    }
  }

  add(key: string, id: number): void {
    let node = this.root
    let i = 0
    while (i < key.length) {
      const edge = node.edges.get(key.charCodeAt(i))
      if (!edge) {
        const leaf = new TrieNode()
        node.edges.set(key.charCodeAt(i), new Edge(key.slice(i), leaf))
        node.only = undefined
        node.ascii = undefined
        node = leaf
        break
      }
      const label = edge.label
      let j = 0
      while (
        j < label.length &&
        i + j < key.length &&
        label.charCodeAt(j) === key.charCodeAt(i + j)
      )
        j++
      if (j < label.length) {
        // Split the edge where the key leaves it.
        const middle = new TrieNode()
        middle.edges.set(label.charCodeAt(j), new Edge(label.slice(j), edge.node))
        edge.label = label.slice(0, j)
        edge.node = middle
        node.only = undefined
      }
      node = edge.node
      i += j
    }
    if (!node.ids) node.ids = []
    if (!node.ids.includes(id)) node.ids.push(id)
  }

  /**
   * Every name that starts at `pos` of the lower-cased text and ends at a word boundary,
   * as (end, ids) pairs appended to `out`, shortest first. The text must have single spaces
   * (grounding cleans it first).
   */
  matchAt(text: string, pos: number, out: Match[]): void {
    const ends: number[] = []
    const ids: (readonly number[])[] = []
    out.push(...toMatches(ends, ids, 0, this.collect(text, pos, ends, ids, 0)))
  }

  /**
   * The matches of `matchAt` without an object each: writes each match's end and ids at
   * `top`, `top + 1`, … of the two parallel arrays (which grow as needed) and returns the new
   * top. Grounding keeps one pair of arrays as a stack for its backtracking walk.
   */
  collect(
    text: string,
    pos: number,
    ends: number[],
    ids: (readonly number[])[],
    top: number,
  ): number {
    let node = this.root
    let i = pos
    const n = text.length
    while (i < n) {
      const code = text.charCodeAt(i)
      const only = node.only
      const edge =
        only !== undefined
          ? only.first === code
            ? only
            : undefined
          : code < 128 && node.ascii !== undefined
            ? node.ascii[code]
            : node.edges.get(code)
      if (edge === undefined) return top
      // The first character is known to match; compare the rest in place (labels are short).
      const label = edge.label
      const length = label.length
      if (i + length > n) return top
      for (let j = 1; j < length; j++)
        if (text.charCodeAt(i + j) !== label.charCodeAt(j)) return top
      i += length
      node = edge.node
      if (
        node.ids !== undefined &&
        (i === n || !isWordCode(text.charCodeAt(i)) || !isWordCode(text.charCodeAt(i - 1)))
      ) {
        ends[top] = i
        ids[top] = node.ids
        top++
      }
    }
    return top
  }
}

/** The ASCII table of a leaf: every lookup misses, without a map lookup. */
const NO_EDGES: readonly (Edge | undefined)[] = new Array<Edge | undefined>(128).fill(undefined)

class TrieNode {
  readonly edges = new Map<number, Edge>()
  /** The edge of a node that has exactly one (most nodes): no map lookup on the way down. */
  only: Edge | undefined = undefined
  /** Edges by ASCII first character, for nodes with several (set by `seal`). */
  ascii: readonly (Edge | undefined)[] | undefined = undefined
  ids: number[] | undefined = undefined
}

class Edge {
  first: number
  constructor(
    public label: string,
    public node: TrieNode,
  ) {
    this.first = label.charCodeAt(0)
  }
}

/** The (end, ids) pairs at [from, to) of `collect`'s arrays, as Match objects. */
export function toMatches(
  ends: readonly number[],
  ids: readonly (readonly number[])[],
  from: number,
  to: number,
): Match[] {
  const matches: Match[] = []
  for (let m = from; m < to; m++) matches.push({ end: ends[m]!, ids: ids[m]! })
  return matches
}

export interface Match {
  end: number
  ids: readonly number[]
}
