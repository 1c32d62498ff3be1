import seedrandom from 'seedrandom'

/**
 * A seeded stream of random numbers. Streams are derived from (seed, purpose, index) so
 * that adding a consumer never shifts the numbers another consumer sees.
 */
export class Rng {
  private readonly prng: seedrandom.PRNG

  constructor(key: string) {
    this.prng = seedrandom.alea(key)
  }

  /** A float in [0, 1). */
  next(): number {
    return this.prng()
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng() * (max - min + 1))
  }

  chance(probability: number): boolean {
    return this.prng() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: no items to pick from')
    return items[Math.floor(this.prng() * items.length)] as T
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1))
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }

  /** `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, count))
  }

  /** Picks an index with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0)
    let r = this.prng() * total
    for (let i = 0; i < weights.length; i++) {
      r -= Math.max(0, weights[i] ?? 0)
      if (r < 0) return i
    }
    return weights.length - 1
  }
}

/** The stream for one purpose (`tasks`, `errors`, `thoughts`, …) and one index under a seed. */
export function rngStream(seed: number | string, purpose: string, index: number | string = 0): Rng {
  return new Rng(`${seed}\u0000${purpose}\u0000${index}`)
}

/** A 31-bit integer seed derived from a key, for handing on to generators. */
export function deriveSeed(
  seed: number | string,
  purpose: string,
  index: number | string = 0,
): number {
  return Math.floor(rngStream(seed, purpose, index).next() * 0x7fffffff)
}
