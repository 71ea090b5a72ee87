/**
 * Binary min-heap of (id, key) pairs in two typed arrays (flatqueue-style): no object per item,
 * storage reused across searches (`clear()` keeps the arrays; they only grow). Duplicate ids are
 * allowed: searches push a node again when its key improves and skip stale pops ("lazy deletion"),
 * which is cheaper than a decrease-key index.
 */
export class MinHeap {
  private ids: Uint32Array;
  private keys: Float64Array;
  /** Number of items. */
  length = 0;

  constructor(initialCapacity = 1024) {
    this.ids = new Uint32Array(Math.max(16, initialCapacity));
    this.keys = new Float64Array(Math.max(16, initialCapacity));
  }

  clear(): void {
    this.length = 0;
  }

  push(id: number, key: number): void {
    if (this.length === this.ids.length) this.grow();
    const ids = this.ids, keys = this.keys;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const parentKey = keys[parent];
      if (key >= parentKey) break;
      ids[pos] = ids[parent];
      keys[pos] = parentKey;
      pos = parent;
    }
    ids[pos] = id;
    keys[pos] = key;
  }

  /** Key of the top item; Infinity when empty. */
  peekKey(): number {
    return this.length > 0 ? this.keys[0] : Infinity;
  }

  /** Id of the top item; -1 when empty. */
  peek(): number {
    return this.length > 0 ? this.ids[0] : -1;
  }

  /** Removes the top item and returns its id; -1 when empty. Read its key with `peekKey` first. */
  pop(): number {
    if (this.length === 0) return -1;
    const ids = this.ids, keys = this.keys;
    const top = ids[0];
    const last = --this.length;
    if (last > 0) {
      const id = ids[last], key = keys[last];
      let pos = 0;
      const half = last >> 1;
      while (pos < half) {
        let child = 2 * pos + 1;
        const right = child + 1;
        if (right < last && keys[right] < keys[child]) child = right;
        if (keys[child] >= key) break;
        ids[pos] = ids[child];
        keys[pos] = keys[child];
        pos = child;
      }
      ids[pos] = id;
      keys[pos] = key;
    }
    return top;
  }

  private grow(): void {
    const ids = new Uint32Array(this.ids.length * 2);
    const keys = new Float64Array(this.keys.length * 2);
    ids.set(this.ids);
    keys.set(this.keys);
    this.ids = ids;
    this.keys = keys;
  }
}
