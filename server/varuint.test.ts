import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { varUintLength, writeVarUint } from './varuint.ts';

describe('varuints written in place', () => {
  it('are byte for byte what lib0 writes, and read back, at every length up to 2^53', () => {
    const values = [0, 1, 127, 128, 255, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER];
    for (const value of values) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, value);
      const expected = encoding.toUint8Array(encoder);
      const written = new Uint8Array(varUintLength(value) + 2);
      expect(writeVarUint(written, 1, value), `end of ${value}`).toBe(1 + expected.length);
      expect(written.subarray(1, 1 + expected.length), `${value}`).toEqual(expected);
      expect(varUintLength(value)).toBe(expected.length);
      expect(decoding.readVarUint(decoding.createDecoder(written.subarray(1)))).toBe(value);
    }
  });
});
