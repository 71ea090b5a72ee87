/**
 * A packed, immutable string table: every string's UTF-8 bytes one after another plus
 * `count + 1` byte offsets. It serializes as two typed arrays (zero-copy on load) and decodes an
 * entry only when asked, once. Entry 0 is always the empty string, so 0 means "no name".
 */

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

export class PackedStrings {
  private readonly cache: (string | undefined)[];

  constructor(
    /** UTF-8 bytes of all entries. */
    readonly bytes: Uint8Array,
    /** `count + 1` offsets into `bytes`; entry `i` is `bytes[offsets[i] .. offsets[i + 1])`. */
    readonly offsets: Uint32Array,
  ) {
    this.cache = new Array<string | undefined>(Math.max(0, offsets.length - 1));
  }

  /** Packs `strings` (entry 0 must be "" and is added when missing). */
  static from(strings: readonly string[]): PackedStrings {
    const list = strings.length > 0 && strings[0] === '' ? strings : ['', ...strings];
    const encoded = list.map((s) => utf8Encoder.encode(s));
    let total = 0;
    for (const e of encoded) total += e.length;
    const bytes = new Uint8Array(total);
    const offsets = new Uint32Array(list.length + 1);
    let at = 0;
    for (let i = 0; i < encoded.length; i++) {
      offsets[i] = at;
      bytes.set(encoded[i], at);
      at += encoded[i].length;
    }
    offsets[list.length] = at;
    return new PackedStrings(bytes, offsets);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  /** Entry `index`; "" for an index out of range. */
  get(index: number): string {
    if (!(index >= 0 && index < this.offsets.length - 1)) return '';
    const cached = this.cache[index];
    if (cached !== undefined) return cached;
    const text = utf8Decoder.decode(this.bytes.subarray(this.offsets[index], this.offsets[index + 1]));
    this.cache[index] = text;
    return text;
  }
}
