/**
 * A binary min-heap of integer payloads keyed by (priority, insertion order), so that equal
 * priorities pop first-in first-out and runs are deterministic.
 */
export class MinHeap {
  private keys = new Float64Array(1024)
  private order = new Float64Array(1024)
  private values = new Int32Array(1024)
  private n = 0
  private counter = 0

  get size(): number {
    return this.n
  }

  clear(): void {
    this.n = 0
    this.counter = 0
  }

  push(key: number, value: number): void {
    if (this.n === this.keys.length) this.grow()
    let i = this.n++
    const seq = this.counter++
    const { keys, order, values } = this
    while (i > 0) {
      const p = (i - 1) >> 1
      if (keys[p]! < key || (keys[p] === key && order[p]! < seq)) break
      keys[i] = keys[p]!
      order[i] = order[p]!
      values[i] = values[p]!
      i = p
    }
    keys[i] = key
    order[i] = seq
    values[i] = value
  }

  /** The smallest key (call only when size > 0). */
  peekKey(): number {
    return this.keys[0]!
  }

  /** Removes and returns the value with the smallest key (call only when size > 0). */
  pop(): number {
    const { keys, order, values } = this
    const top = values[0]!
    const last = --this.n
    if (last > 0) {
      const key = keys[last]!
      const seq = order[last]!
      const value = values[last]!
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= last) break
        const r = l + 1
        let c = l
        if (r < last && (keys[r]! < keys[l]! || (keys[r] === keys[l] && order[r]! < order[l]!)))
          c = r
        if (keys[c]! > key || (keys[c] === key && order[c]! > seq)) break
        keys[i] = keys[c]!
        order[i] = order[c]!
        values[i] = values[c]!
        i = c
      }
      keys[i] = key
      order[i] = seq
      values[i] = value
    }
    return top
  }

  private grow(): void {
    const size = this.keys.length * 2
    const keys = new Float64Array(size)
    keys.set(this.keys)
    const order = new Float64Array(size)
    order.set(this.order)
    const values = new Int32Array(size)
    values.set(this.values)
    this.keys = keys
    this.order = order
    this.values = values
  }
}
