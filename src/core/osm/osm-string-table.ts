/**
 * The string table of one PrimitiveBlock. Tags, user names and relation roles are stored in
 * the block as indices into this table.
 *
 * Contracts:
 * - Strings are decoded lazily, at most once per block: `get(i)` decodes entry `i` on first use
 *   and caches it. Index 0 is always the empty string (the PBF format reserves it).
 * - `indexOf(text)` compares UTF-8 bytes, so finding a key (e.g. "highway") in a block costs no
 *   decoding at all; hot loops then compare integer indices, never strings.
 * - The table keeps a reference to the block's decompressed bytes; holding a table keeps that
 *   block (typically 0.5–16 MB) alive.
 */

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();
/** Below this byte length a JS loop beats TextDecoder's call overhead for ASCII strings. */
const SHORT_STRING_BYTES = 24;

export class OsmStringTable {
  private readonly cache: (string | undefined)[];
  private lookups: Map<string, number> | undefined;

  /**
   * @param bytes the block's decompressed bytes
   * @param starts byte offset of each entry in `bytes`
   * @param ends exclusive end offset of each entry in `bytes`
   */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
  ) {
    this.cache = new Array<string | undefined>(starts.length);
  }

  /** Number of entries, including the reserved empty entry 0. */
  get length(): number {
    return this.starts.length;
  }

  /** Entry `index` as a string ("" for an out-of-range index, which only corrupt files have). */
  get(index: number): string {
    const cached = this.cache[index];
    if (cached !== undefined) return cached;
    if (index < 0 || index >= this.starts.length) return '';
    const text = decodeUtf8(this.bytes, this.starts[index], this.ends[index]);
    this.cache[index] = text;
    return text;
  }

  /** Index of `text` in this table, or -1 when no entity in the block uses it. Memoised. */
  indexOf(text: string): number {
    this.lookups ??= new Map();
    const known = this.lookups.get(text);
    if (known !== undefined) return known;
    const needle = utf8Encoder.encode(text);
    const found = this.findBytes(needle);
    this.lookups.set(text, found);
    return found;
  }

  private findBytes(needle: Uint8Array): number {
    const { bytes, starts, ends } = this;
    const n = needle.length;
    // Entry 0 is the reserved empty string; a search for "" still finds it.
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i];
      if (ends[i] - start !== n) continue;
      let j = 0;
      while (j < n && bytes[start + j] === needle[j]) j++;
      if (j === n) return i;
    }
    return -1;
  }
}

/** Decodes UTF-8 (invalid sequences become U+FFFD, as TextDecoder does). */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING_BYTES) {
    let text = '';
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b >= 0x80) return utf8Decoder.decode(bytes.subarray(start, end));
      text += String.fromCharCode(b);
    }
    return text;
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
}
