import { describe, expect, test } from 'vitest';
import { ProtobufError, ProtobufReader, countPackedVarints, readUint32BigEndian } from '../../../src/core/osm/protobuf';
import { bytesField, concat, varint, varintField, zigzag } from './pbf-test-helpers';

/** Two's-complement 64-bit varint of a (possibly negative) safe integer, built with BigInt. */
function int64Varint(value: number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (v >= 0x80n) { bytes.push(Number(v & 0x7fn) | 0x80); v >>= 7n; }
  bytes.push(Number(v));
  return bytes;
}

const BOUNDARIES = [0, 1, 127, 128, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32,
  4_035_273_179, 2 ** 35 + 12345, 2 ** 49 + 1, 2 ** 53 - 1];

describe('ProtobufReader varints', () => {
  test('unsigned varints round-trip across every byte-length boundary up to 2^53', () => {
    for (const value of BOUNDARIES) {
      const reader = new ProtobufReader(Uint8Array.from(varint(value)));
      expect(reader.readVarint(), `value ${value}`).toBe(value);
      expect(reader.more()).toBe(false);
    }
  });

  test('zigzag sint64 decodes positive and negative values exactly (ids, coordinates, deltas)', () => {
    for (const magnitude of BOUNDARIES.filter((v) => v < 2 ** 52)) {
      for (const value of magnitude === 0 ? [0, -1] : [magnitude, -magnitude, -magnitude - 1]) {
        const reader = new ProtobufReader(Uint8Array.from(varint(zigzag(value))));
        expect(reader.readSVarint(), `value ${value}`).toBe(value);
        expect(reader.more()).toBe(false);
      }
    }
  });

  test('int64 decodes two\'s-complement negatives written as 10-byte varints', () => {
    for (const value of [0, 1, 2 ** 31, 2 ** 40, 2 ** 53 - 1, -1, -2, -(2 ** 31), -(2 ** 32) - 5, -(2 ** 53) + 1]) {
      const bytes = int64Varint(value);
      if (value < 0) expect(bytes.length).toBe(10);
      const reader = new ProtobufReader(Uint8Array.from(bytes));
      expect(reader.readInt64(), `value ${value}`).toBe(value);
      expect(reader.more()).toBe(false);
    }
  });

  test('a varint longer than 10 bytes is an error, not a loop', () => {
    const reader = new ProtobufReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect(() => reader.readSVarint()).toThrow(ProtobufError);
  });

  test('a varint cut off at the end of its field is reported by checkConsumed', () => {
    const bytes = Uint8Array.from([0x96, 0x81]);
    const reader = new ProtobufReader(bytes, 0, 1);
    reader.readVarint();
    expect(() => reader.checkConsumed()).toThrow(/runs past the end/);
  });
});

describe('ProtobufReader messages', () => {
  test('reads keys, strings and nested messages, and skips unknown wire types', () => {
    const inner = concat(varintField(1, 150), bytesField(2, 'Port d\'Envalira'));
    const message = concat(varintField(7, 3), [0x0d, 1, 2, 3, 4] /* field 1 fixed32 */, [0x11, 1, 2, 3, 4, 5, 6, 7, 8] /* field 2 fixed64 */,
      bytesField(3, inner), varintField(4, 2 ** 40));
    const reader = new ProtobufReader(message);
    const seen: string[] = [];
    while (reader.more()) {
      const key = reader.readKey();
      const field = key >>> 3;
      if (field === 3) {
        const outer = reader.enterMessage();
        expect(reader.readKey()).toBe(8);
        expect(reader.readVarint()).toBe(150);
        expect(reader.readKey()).toBe(18);
        expect(new TextDecoder().decode(reader.readBytes())).toBe('Port d\'Envalira');
        reader.leaveMessage(outer);
        seen.push('nested');
      } else if (field === 4) {
        expect(reader.readVarint()).toBe(2 ** 40);
        seen.push('big');
      } else {
        reader.skip(key & 7);
        seen.push(`skip${field}`);
      }
    }
    expect(seen).toEqual(['skip7', 'skip1', 'skip2', 'nested', 'big']);
  });

  test('a length prefix running past its message throws with the offset', () => {
    const reader = new ProtobufReader(Uint8Array.from([0x0a, 0x05, 0x41, 0x42]));
    reader.readKey();
    expect(() => reader.readBytes()).toThrow(ProtobufError);
  });

  test('unknown wire types 3, 4, 6 and 7 are rejected', () => {
    for (const wire of [3, 4, 6, 7]) {
      const reader = new ProtobufReader(Uint8Array.from([(1 << 3) | wire, 0, 0, 0, 0, 0, 0, 0, 0]));
      expect(() => reader.skip(reader.readKey() & 7)).toThrow(/wire type/);
    }
  });

  test('countPackedVarints counts terminating bytes, so packed arrays can be sized exactly', () => {
    const values = [0, 1, 300, 2 ** 35, 7, 2 ** 21];
    const packed = Uint8Array.from(values.flatMap(varint));
    expect(countPackedVarints(packed, 0, packed.length)).toBe(values.length);
  });

  test('readUint32BigEndian reads frame length prefixes above 2^31 as unsigned', () => {
    expect(readUint32BigEndian(Uint8Array.from([0, 0, 0, 13]), 0)).toBe(13);
    expect(readUint32BigEndian(Uint8Array.from([0xff, 0, 0, 1]), 0)).toBe(0xff000001);
  });
});
