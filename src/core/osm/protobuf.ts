/**
 * A minimal protobuf wire-format reader over a Uint8Array, sized for OSM PBF decoding.
 *
 * Contracts:
 * - No allocation per field: one reader walks a buffer; nested messages are read by narrowing
 *   `end` (see `enterMessage` / `leaveMessage`) instead of creating sub-readers.
 * - 64-bit integers come back as JS numbers. They are exact up to 2^53, which covers every OSM
 *   id, coordinate and delta; larger magnitudes lose low bits rather than throwing.
 * - Reading past `end` never loops or crashes: out-of-range bytes read as 0, and every length
 *   and packed range is checked, so malformed input ends in a `ProtobufError`.
 */

/** Wire types from the protobuf encoding spec. */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const TWO_POW_31 = 0x80000000;
const TWO_POW_32 = 0x100000000;

/** Malformed protobuf bytes. `offset` is relative to the reader's buffer. */
export class ProtobufError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'ProtobufError';
  }
}

/**
 * High 32 bits of the last varint that did not fit in 28 bits. Module state instead of a
 * returned pair keeps the slow path allocation-free; it is consumed immediately by the caller.
 */
let highBits = 0;

export class ProtobufReader {
  /** Current read position (absolute index into `buf`). */
  pos: number;
  /** Exclusive end of the message being read (absolute index into `buf`). */
  end: number;

  constructor(readonly buf: Uint8Array, start = 0, end = buf.length) {
    this.pos = start;
    this.end = end;
  }

  /** True while fields remain in the current message. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a field key: `(fieldNumber << 3) | wireType`. Use `>>> 3` and `& 7` to split it. */
  readKey(): number {
    return this.readVarint();
  }

  /**
   * Unsigned varint (uint32, uint64, enum, bool, int32 >= 0) as a number. Values above 2^53
   * lose precision. Negative int32/int64 values use `readInt64` instead.
   */
  readVarint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    let value = b & 0x7f;
    if (b < 0x80) { this.pos = pos; return value; }
    b = buf[pos++]; value |= (b & 0x7f) << 7;
    if (b < 0x80) { this.pos = pos; return value; }
    b = buf[pos++]; value |= (b & 0x7f) << 14;
    if (b < 0x80) { this.pos = pos; return value; }
    b = buf[pos++]; value |= (b & 0x7f) << 21;
    if (b < 0x80) { this.pos = pos; return value; }
    this.pos = pos;
    const low = this.readHighVarint(value);
    return (highBits >>> 0) * TWO_POW_32 + (low >>> 0);
  }

  /** Two's-complement int64 / int32 varint (OSM way and relation ids) as a number. */
  readInt64(): number {
    const low = this.readVarint28();
    if (low >= 0) return low;
    const lowBits = this.readHighVarint(-low - 1);
    return (highBits | 0) * TWO_POW_32 + (lowBits >>> 0);
  }

  /** Zigzag sint64 / sint32 varint (OSM node ids, coordinates and every delta) as a number. */
  readSVarint(): number {
    const low = this.readVarint28();
    if (low >= 0) return (low >>> 1) ^ -(low & 1);
    const lowBits = this.readHighVarint(-low - 1);
    const half = (highBits >>> 0) * TWO_POW_31 + (lowBits >>> 1);
    return (lowBits & 1) === 0 ? half : -half - 1;
  }

  /**
   * Reads the length prefix of a length-delimited field, checks it fits in the current message
   * and returns the field's absolute end; `pos` is left at the first byte of the payload.
   */
  readLengthDelimitedEnd(): number {
    const start = this.pos;
    const length = this.readVarint();
    const fieldEnd = this.pos + length;
    if (fieldEnd > this.end) {
      throw new ProtobufError(`length-delimited field of ${length} bytes at offset ${start} runs past the end of its message (offset ${this.end})`, start);
    }
    return fieldEnd;
  }

  /** Reads a string/bytes field's payload as a subarray view (no copy). */
  readBytes(): Uint8Array {
    const fieldEnd = this.readLengthDelimitedEnd();
    const bytes = this.buf.subarray(this.pos, fieldEnd);
    this.pos = fieldEnd;
    return bytes;
  }

  /**
   * Narrows the reader to an embedded message and returns the outer `end` to restore with
   * `leaveMessage`. Cheaper than a sub-reader in per-entity loops.
   */
  enterMessage(): number {
    const outerEnd = this.end;
    this.end = this.readLengthDelimitedEnd();
    return outerEnd;
  }

  /** Leaves an embedded message entered with `enterMessage`, checking it was fully consumed. */
  leaveMessage(outerEnd: number): void {
    this.checkConsumed();
    this.pos = this.end;
    this.end = outerEnd;
  }

  /** Throws if the last read overran `end` (a varint that did not terminate inside its field). */
  checkConsumed(): void {
    if (this.pos > this.end) {
      throw new ProtobufError(`a value runs past the end of its field (offset ${this.end})`, this.end);
    }
  }

  /** Skips a field's value given its wire type. */
  skip(wireType: number): void {
    const start = this.pos;
    switch (wireType) {
      case WIRE_VARINT:
        while (this.buf[this.pos++] >= 0x80 && this.pos < this.end);
        break;
      case WIRE_FIXED64: this.pos += 8; break;
      case WIRE_LENGTH_DELIMITED: this.pos = this.readLengthDelimitedEnd(); break;
      case WIRE_FIXED32: this.pos += 4; break;
      default:
        throw new ProtobufError(`unsupported protobuf wire type ${wireType} at offset ${start}`, start);
    }
    if (this.pos > this.end) {
      throw new ProtobufError(`field at offset ${start} runs past the end of its message (offset ${this.end})`, start);
    }
  }

  /**
   * Fast path for zigzag/int64 readers: returns the value if it fits in 28 bits, otherwise
   * `-(low28 + 1)` with `pos` after the 4th byte so the caller continues with `readHighVarint`.
   */
  private readVarint28(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    let value = b & 0x7f;
    if (b < 0x80) { this.pos = pos; return value; }
    b = buf[pos++]; value |= (b & 0x7f) << 7;
    if (b < 0x80) { this.pos = pos; return value; }
    b = buf[pos++]; value |= (b & 0x7f) << 14;
    if (b < 0x80) { this.pos = pos; return value; }
    b = buf[pos++]; value |= (b & 0x7f) << 21;
    this.pos = pos;
    if (b < 0x80) return value;
    return -value - 1;
  }

  /**
   * Bytes 5–10 of a varint whose low 28 bits are `low28`. Returns the low 32 bits and leaves the
   * high 32 bits in `highBits`.
   */
  private readHighVarint(low28: number): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    const low = low28 | ((b & 0x0f) << 28);
    let high = (b & 0x70) >> 4;
    if (b >= 0x80) {
      b = buf[pos++]; high |= (b & 0x7f) << 3;
      if (b >= 0x80) {
        b = buf[pos++]; high |= (b & 0x7f) << 10;
        if (b >= 0x80) {
          b = buf[pos++]; high |= (b & 0x7f) << 17;
          if (b >= 0x80) {
            b = buf[pos++]; high |= (b & 0x7f) << 24;
            if (b >= 0x80) {
              b = buf[pos++]; high |= (b & 0x01) << 31;
              if (b >= 0x80) {
                this.pos = pos;
                throw new ProtobufError(`varint longer than 10 bytes at offset ${pos - 10}`, pos - 10);
              }
            }
          }
        }
      }
    }
    this.pos = pos;
    highBits = high;
    return low;
  }
}

/**
 * Decodes a packed, delta-coded sint64 field (`[reader.pos, end)`) into `out` from index `at`,
 * as running sums: OSM ids, way refs, member ids and raw coordinates. Returns the index after
 * the last value and leaves `reader.pos` at `end`.
 *
 * The 1–4 byte case (every delta below 2^27 in magnitude, i.e. nearly all of them) is inlined
 * here because this loop decodes most of a PBF file's bytes.
 */
export function readPackedSInt64Deltas(reader: ProtobufReader, end: number, out: Float64Array, at: number): number {
  const buf = reader.buf;
  let pos = reader.pos;
  let value = 0;
  let i = at;
  while (pos < end) {
    let b = buf[pos++];
    let zz = b & 0x7f;
    if (b >= 0x80) {
      b = buf[pos++]; zz |= (b & 0x7f) << 7;
      if (b >= 0x80) {
        b = buf[pos++]; zz |= (b & 0x7f) << 14;
        if (b >= 0x80) {
          b = buf[pos++]; zz |= (b & 0x7f) << 21;
          if (b >= 0x80) {
            reader.pos = pos - 4;
            value += reader.readSVarint();
            pos = reader.pos;
            out[i++] = value;
            continue;
          }
        }
      }
    }
    value += (zz >>> 1) ^ -(zz & 1);
    out[i++] = value;
  }
  reader.pos = pos;
  if (pos !== end) throw new ProtobufError(`a packed value runs past the end of its field (offset ${end})`, end);
  return i;
}

/**
 * Decodes a packed uint32 field (`[reader.pos, end)`) into `out` from index `at`: string-table
 * indices. Returns the index after the last value and leaves `reader.pos` at `end`.
 */
export function readPackedUint32(reader: ProtobufReader, end: number, out: Uint32Array, at: number): number {
  const buf = reader.buf;
  let pos = reader.pos;
  let i = at;
  while (pos < end) {
    const b = buf[pos];
    if (b < 0x80) {
      out[i++] = b;
      pos++;
    } else {
      reader.pos = pos;
      out[i++] = reader.readVarint();
      pos = reader.pos;
    }
  }
  reader.pos = pos;
  if (pos !== end) throw new ProtobufError(`a packed value runs past the end of its field (offset ${end})`, end);
  return i;
}

/**
 * Number of varints in a packed field spanning `[start, end)`: every varint ends with exactly
 * one byte below 0x80. Lets decoders size typed arrays exactly before filling them.
 */
export function countPackedVarints(buf: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (buf[i] < 0x80) count++;
  return count;
}

/** Big-endian uint32 at `offset` (the PBF frame length prefix). */
export function readUint32BigEndian(buf: Uint8Array, offset: number): number {
  return ((buf[offset] << 24) | (buf[offset + 1] << 16) | (buf[offset + 2] << 8) | buf[offset + 3]) >>> 0;
}
