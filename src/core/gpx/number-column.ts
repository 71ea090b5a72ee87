/**
 * An append-only column of numbers that grows by doubling and hands out exact-length typed
 * arrays. Readers reuse one column per field across segments, so parsing allocates only the
 * final arrays (each with its own buffer, ready to be transferred to another thread).
 */
export class NumberColumn {
  private data: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }

  toFloat64Array(): Float64Array {
    return this.data.slice(0, this.length);
  }

  toFloat32Array(): Float32Array {
    return new Float32Array(this.data.subarray(0, this.length));
  }
}
