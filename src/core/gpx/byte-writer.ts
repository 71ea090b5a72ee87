/**
 * An append-only UTF-8 output buffer for writers of large text files. Numbers are written as
 * digits straight into the buffer and fixed markup is copied from pre-encoded bytes; only free
 * text (names) goes through TextEncoder. A 100k-point GPX therefore creates no per-point strings.
 *
 * Two kinds of append: the checked ones (`ascii`, `text`, `fixed`) grow the buffer as needed;
 * the `put*` ones are for hot loops and rely on an earlier `reserve()` covering what they write.
 * (TextEncoder/TextDecoder exist in every runtime the core targets: browsers, workers, Node.)
 */
const encoder = new TextEncoder();

/** Pre-encodes ASCII markup for `putBytes`. */
export function asciiBytes(s: string): Uint8Array {
  return encoder.encode(s);
}

export class ByteWriter {
  private bytes: Uint8Array;
  private length = 0;

  constructor(initialCapacity = 1 << 16) {
    this.bytes = new Uint8Array(Math.max(64, initialCapacity));
  }

  /** Makes room for `extra` more bytes (what the following `put*` calls may write). */
  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Appends a string known to be ASCII (markup, numbers formatted elsewhere). */
  ascii(s: string): void {
    this.reserve(s.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < s.length; i++) bytes[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** Appends any string as UTF-8. */
  text(s: string): void {
    this.reserve(s.length * 3);
    this.length += encoder.encodeInto(s, this.bytes.subarray(this.length)).written;
  }

  /** `putFixed` with a capacity check. */
  fixed(units: number, decimals: number): void {
    this.reserve(24 + decimals);
    this.putFixed(units, decimals);
  }

  /** Appends pre-encoded bytes. Unchecked: call `reserve` first. */
  putBytes(chunk: Uint8Array): void {
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < chunk.length; i++) bytes[at++] = chunk[i];
    this.length = at;
  }

  /**
   * Appends `units / 10^decimals` in fixed notation with exactly `decimals` digits after the
   * point: putFixed(-45064200, 6) → "-45.064200". `units` is an integer below 2^53 in magnitude,
   * `decimals` ≥ 1. Unchecked: call `reserve` first (at most 18 + decimals bytes).
   */
  putFixed(units: number, decimals: number): void {
    const bytes = this.bytes;
    let at = this.length;
    if (units < 0) {
      bytes[at++] = 45; // -
      units = -units;
    }
    const scale = POW10[decimals];
    const whole = Math.floor(units / scale);
    let fraction = units - whole * scale;
    at = whole < INT32_LIMIT ? putSmallInteger(bytes, at, whole) : putInteger(bytes, at, whole);
    bytes[at] = 46; // .
    const end = at + decimals;
    if (fraction < INT32_LIMIT) {
      for (let i = end; i > at; i--) {
        const next = (fraction / 10) | 0;
        bytes[i] = 48 + fraction - next * 10;
        fraction = next;
      }
    } else {
      for (let i = end; i > at; i--) {
        const next = Math.floor(fraction / 10);
        bytes[i] = 48 + fraction - next * 10;
        fraction = next;
      }
    }
    this.length = end + 1;
  }

  /** The bytes written so far (a copy with its own buffer). */
  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  /** The bytes written so far, decoded. */
  toString(): string {
    return new TextDecoder().decode(this.bytes.subarray(0, this.length));
  }
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const INT32_LIMIT = 2 ** 31;

/** Writes a non-negative integer below 2^31 with int32 arithmetic; returns the new end. */
function putSmallInteger(bytes: Uint8Array, at: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = (v / 10) | 0) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    const next = (value / 10) | 0;
    bytes[i] = 48 + value - next * 10;
    value = next;
  }
  return at + digits;
}

/** Writes a non-negative integer below 2^53; returns the new end. */
function putInteger(bytes: Uint8Array, at: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    const next = Math.floor(value / 10);
    bytes[i] = 48 + value - next * 10;
    value = next;
  }
  return at + digits;
}
