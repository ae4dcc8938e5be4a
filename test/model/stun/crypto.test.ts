// The pure-JS primitives against published vectors, then against node:crypto / node:zlib on
// random inputs of every length around the block boundaries.
import { createHash, createHmac } from 'node:crypto';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  crc32,
  hmacSha1,
  md5,
  sha1,
  utf8Encode,
} from '../../../src/model/stun/index.ts';
import { hex } from './vectors.ts';

const text = (s: string): Uint8Array => utf8Encode(s);
const repeat = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte);

describe('SHA-1 (FIPS 180-4)', () => {
  it.each([
    ['abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    ],
  ])('sha1(%j)', (input, digest) => {
    expect(bytesToHex(sha1(text(input)))).toBe(digest);
  });

  it('hashes one million "a"', () => {
    expect(bytesToHex(sha1(repeat(0x61, 1_000_000)))).toBe(
      '34aa973cd4c4daa4f61eeb2bdbad27316534016f',
    );
  });
});

describe('HMAC-SHA1 (RFC 2202 §3)', () => {
  const keyed = hex('0102030405060708090a0b0c0d0e0f10111213141516171819');
  it.each([
    [repeat(0x0b, 20), text('Hi There'), 'b617318655057264e28bc0b6fb378c8ef146be00'],
    [
      text('Jefe'),
      text('what do ya want for nothing?'),
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    ],
    [repeat(0xaa, 20), repeat(0xdd, 50), '125d7342b9ac11cd91a39af48aa17b4f63f175d3'],
    [keyed, repeat(0xcd, 50), '4c9007f4026250c6bc8414f9bf50c86c2d7235da'],
    [repeat(0x0c, 20), text('Test With Truncation'), '4c1a03424b55e07fe7f27be1d58bb9324a9a5a04'],
    [
      repeat(0xaa, 80),
      text('Test Using Larger Than Block-Size Key - Hash Key First'),
      'aa4ae5e15272d00e95705637ce8a3b55ed402112',
    ],
    [
      repeat(0xaa, 80),
      text('Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'),
      'e8e99d0f45237d786d6bbaa7965c7808bbff1a91',
    ],
  ])('test case %#', (key, data, mac) => {
    expect(bytesToHex(hmacSha1(key, data))).toBe(mac);
  });
});

describe('MD5 (RFC 1321 appendix A.5)', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      'd174ab98d277d9f5a5611c2c9f419d9f',
    ],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ])('md5(%j)', (input, digest) => {
    expect(bytesToHex(md5(text(input)))).toBe(digest);
  });
});

describe('CRC-32 (ISO-HDLC, as zlib)', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
  });
  it.each([
    ['', 0],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j)', (input, value) => {
    expect(crc32(text(input))).toBe(value);
  });
});

describe('cross-checked against node:crypto and node:zlib', () => {
  // Every length from 0 to 200 covers the one- and two-block padding cases of both hashes.
  it('sha1, md5, hmacSha1 and crc32 agree for every length 0-200', () => {
    for (let n = 0; n <= 200; n++) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      const key = data.subarray(0, n % 90);
      expect(bytesToHex(sha1(data))).toBe(createHash('sha1').update(data).digest('hex'));
      expect(bytesToHex(md5(data))).toBe(createHash('md5').update(data).digest('hex'));
      expect(bytesToHex(hmacSha1(key, data))).toBe(
        createHmac('sha1', key).update(data).digest('hex'),
      );
      expect(crc32(data)).toBe(zlib.crc32(data));
    }
  });

  it('agree on random inputs', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 100 }),
        (data, key) => {
          expect(bytesToHex(sha1(data))).toBe(createHash('sha1').update(data).digest('hex'));
          expect(bytesToHex(md5(data))).toBe(createHash('md5').update(data).digest('hex'));
          expect(bytesToHex(hmacSha1(key, data))).toBe(
            createHmac('sha1', key).update(data).digest('hex'),
          );
          expect(crc32(data)).toBe(zlib.crc32(data));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('CRC-32 continuation', () => {
  it('crc32(b, crc32(a)) equals crc32(a + b)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const joined = new Uint8Array([...a, ...b]);
        expect(crc32(b, crc32(a))).toBe(crc32(joined));
      }),
    );
  });
});
