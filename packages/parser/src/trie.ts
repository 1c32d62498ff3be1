import { isWordCode } from './text'

/**
 * A radix trie over normalised names (lower case, single spaces, no leading article); each
 * end node holds the ids the name stands for. Edges carry whole runs of characters, so a
 * lookup is a few native `startsWith` comparisons rather than one step per character.
 */
export class Trie {
  private readonly root = new TrieNode()

  /** Sets each node's single-edge shortcut and, where it has many edges, its ASCII table; call after the last `add`. */
  seal(): void {
    const stack = [this.root]
    while (stack.length > 0) {
      const node = stack.pop()!
      const edges = node.edges
      node.only = edges.length === 1 ? edges[0] : undefined
      node.ascii = undefined
      if (edges.length >= ASCII_TABLE_EDGES) {
        // A dense table for ASCII first characters: an indexed load instead of a scan.
        const table = new Array<Edge | undefined>(128).fill(undefined)
        for (const edge of edges) if (edge.first < 128) table[edge.first] = edge
        node.ascii = table
      }
      for (const edge of edges) stack.push(edge.node)
    }
  }

  add(key: string, id: number): void {
    let node = this.root
    let i = 0
    while (i < key.length) {
      const edge = edgeOf(node.edges, key.charCodeAt(i))
      if (edge === undefined) {
        const leaf = new TrieNode()
        node.edges.push(new Edge(key.slice(i), leaf))
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
        middle.edges.push(new Edge(label.slice(j), edge.node))
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
            : edgeOf(node.edges, code)
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

/**
 * Nodes with this many edges or more get an ASCII table (see `seal`); the rest scan their few
 * edges. A table per node cost more to build (a 128-slot array, mostly garbage soon: a view's
 * space lives for a few steps) than it saved on lookups in the small tries of most spaces.
 */
const ASCII_TABLE_EDGES = 8

/** The edge whose label opens with `code`, if any: a scan, as most nodes have one or two. */
function edgeOf(edges: readonly Edge[], code: number): Edge | undefined {
  for (let e = 0; e < edges.length; e++) if (edges[e]!.first === code) return edges[e]
  return undefined
}

class TrieNode {
  /** In the order they were added; labels open with distinct characters. A plain array, not a map: cheaper to make. */
  readonly edges: Edge[] = []
  /** The edge of a node that has exactly one (most nodes): no scan on the way down. */
  only: Edge | undefined = undefined
  /** Edges by ASCII first character, for nodes with many (set by `seal`). */
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
