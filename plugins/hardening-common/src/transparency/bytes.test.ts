import {
  concatBytes,
  equalBytes,
  fromBase64,
  fromHex,
  readUint32,
  readUint64,
  toBase64,
  toHex,
  uint32Bytes,
  uint64Bytes,
  utf8,
} from './bytes';
import { seededRandom } from './__testUtils__/prng';

const nodeBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('transparency byte helpers', () => {
  it('encodes UTF-8 and concatenates', () => {
    expect(Array.from(utf8('é—'))).toEqual(
      Array.from(Buffer.from('é—', 'utf8')),
    );
    expect(
      Array.from(
        concatBytes(new Uint8Array([1]), new Uint8Array(0), utf8('ab')),
      ),
    ).toEqual([1, 97, 98]);
    expect(concatBytes()).toEqual(new Uint8Array(0));
  });

  it('compares bytes by length and content', () => {
    expect(equalBytes(utf8('abc'), utf8('abc'))).toBe(true);
    expect(equalBytes(utf8('abc'), utf8('abd'))).toBe(false);
    expect(equalBytes(utf8('abc'), utf8('ab'))).toBe(false);
    expect(equalBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it('reads only lower-case, even-length hex', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(fromHex('000fff')).toEqual(new Uint8Array([0, 15, 255]));
    expect(fromHex('')).toEqual(new Uint8Array(0));
    for (const bad of ['0', '0F', 'zz', '00 ', ' 00', '0x00', '+1']) {
      expect(fromHex(bad)).toBeUndefined();
    }
  });

  it('writes the same standard padded base64 as Node for random bytes', () => {
    const random = seededRandom(64);
    for (let length = 0; length < 70; length++) {
      const bytes = random.bytes(length);
      const encoded = toBase64(bytes);
      expect(encoded).toBe(nodeBase64(bytes));
      expect(fromBase64(encoded)).toEqual(bytes);
    }
  });

  it('refuses URL-safe letters, missing padding, whitespace and non-canonical bits', () => {
    // 0xfb 0xff encodes with both "+" and "/" in standard base64.
    expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
    expect(fromBase64('+/8=')).toEqual(new Uint8Array([0xfb, 0xff]));
    for (const bad of [
      '-_8=', // URL-safe alphabet
      '+/8', // missing padding
      'AA', // missing padding
      'AA=', // short padding
      'AA===', // too much padding
      'AB==', // non-canonical: the low bits of "B" are not zero
      'AAB=', // non-canonical
      ' AA==',
      'AA==\n',
      'AA ==',
      '=AAA',
      'A',
      '****',
    ]) {
      expect(fromBase64(bad)).toBeUndefined();
    }
    expect(fromBase64('')).toEqual(new Uint8Array(0));
    expect(fromBase64('AA==')).toEqual(new Uint8Array([0]));
  });

  it('writes and reads big-endian integers', () => {
    expect(Array.from(uint32Bytes(0xc74f20a3))).toEqual([
      0xc7, 0x4f, 0x20, 0xa3,
    ]);
    expect(readUint32(new Uint8Array([0xc7, 0x4f, 0x20, 0xa3]))).toBe(
      0xc74f20a3,
    );
    expect(readUint32(new Uint8Array([9, 0, 0, 0, 1]), 1)).toBe(1);
    for (const value of [
      0,
      1,
      255,
      2 ** 32 - 1,
      2 ** 32,
      1_700_000_000,
      2 ** 53 - 1,
    ]) {
      const bytes = uint64Bytes(value);
      const big = Buffer.alloc(8);
      big.writeBigUInt64BE(BigInt(value));
      expect(Array.from(bytes)).toEqual(Array.from(big));
      expect(readUint64(bytes)).toBe(value);
    }
  });

  it('refuses uint64 values beyond the safe integers', () => {
    for (const value of [2n ** 53n, 2n ** 63n, 2n ** 64n - 1n]) {
      const big = Buffer.alloc(8);
      big.writeBigUInt64BE(value);
      expect(readUint64(new Uint8Array(big))).toBeUndefined();
    }
  });
});
