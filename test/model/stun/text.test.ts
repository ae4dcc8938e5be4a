// Text and keys: UTF-8, SASLprep, the two credential keys, IP text and hex parsing.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  bytesToIpv4,
  bytesToIpv6,
  hexToBytes,
  ipv4ToBytes,
  ipv6ToBytes,
  longTermKey,
  saslprep,
  shortTermKey,
  utf8Decode,
  utf8Encode,
} from '../../../src/model/stun/index.ts';
import { unicodeString } from './arbitraries.ts';
import { LONG_TERM_PASSWORD, LONG_TERM_REALM, LONG_TERM_USERNAME } from './vectors.ts';

describe('UTF-8', () => {
  it('round-trips any string of whole code points, byte order mark included', () => {
    fc.assert(
      fc.property(unicodeString(40), (s) => {
        expect(utf8Decode(utf8Encode(s))).toBe(s);
      }),
    );
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, 0x41]);
    expect(utf8Encode(utf8Decode(bom) as string)).toEqual(bom);
  });

  it('reports invalid UTF-8 as undefined instead of throwing or replacing', () => {
    for (const bad of [[0xff], [0xc3], [0xe3, 0x83], [0xed, 0xa0, 0x80], [0xc0, 0x80]]) {
      expect(utf8Decode(new Uint8Array(bad))).toBeUndefined();
    }
  });
});

describe('SASLprep (RFC 4013)', () => {
  it("prepares RFC 5769's password to TheMatrIX", () => {
    expect(saslprep(LONG_TERM_PASSWORD)).toBe('TheMatrIX');
  });
  it('removes soft hyphens, maps non-ASCII spaces, applies NFKC (RFC 4013 §3 examples)', () => {
    expect(saslprep('I\u00ADX')).toBe('IX');
    expect(saslprep('user')).toBe('user');
    expect(saslprep('USER')).toBe('USER');
    expect(saslprep('\u00AA')).toBe('a');
    expect(saslprep('\u2168')).toBe('IX');
    expect(saslprep('a\u00A0b\u3000c')).toBe('a b c');
  });
  it('rejects prohibited output', () => {
    expect(saslprep('\u0007')).toBeUndefined();
    expect(saslprep('a\uE000')).toBeUndefined();
  });
});

describe('credential keys (RFC 8489 §9)', () => {
  it('short-term: the UTF-8 password', () => {
    expect(bytesToHex(shortTermKey('VOkJxbRl1RmTxUk/WvJxBt'))).toBe(
      bytesToHex(utf8Encode('VOkJxbRl1RmTxUk/WvJxBt')),
    );
  });
  it('long-term: MD5(username:realm:SASLprep(password))', () => {
    const key = longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, LONG_TERM_PASSWORD);
    const expected = createHash('md5')
      .update(`${LONG_TERM_USERNAME}:${LONG_TERM_REALM}:TheMatrIX`, 'utf8')
      .digest('hex');
    expect(bytesToHex(key)).toBe(expected);
  });
  it('falls back to the raw password when SASLprep rejects it', () => {
    expect(shortTermKey('a\u0007')).toEqual(utf8Encode('a\u0007'));
  });
});

describe('IP addresses', () => {
  it('IPv4 round trip', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(bytesToIpv4(ipv4ToBytes(ip) as Uint8Array)).toBe(ip);
      }),
    );
    expect(ipv4ToBytes('256.1.1.1')).toBeUndefined();
    expect(ipv4ToBytes('::1')).toBeUndefined();
  });

  it.each([
    ['2001:db8:1234:5678:11:2233:4455:6677', '2001:db8:1234:5678:11:2233:4455:6677'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('IPv6 %s formats canonically as %s (RFC 5952)', (input, canonical) => {
    expect(bytesToIpv6(ipv6ToBytes(input) as Uint8Array)).toBe(canonical);
  });

  it('IPv6 text from fast-check parses to the same bytes after formatting', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const bytes = ipv6ToBytes(ip);
        expect(bytes).toBeDefined();
        expect(ipv6ToBytes(bytesToIpv6(bytes as Uint8Array))).toEqual(bytes);
      }),
    );
  });

  it.each([
    '',
    ':',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::',
    '1.2.3.4::',
    '::1.2.3',
  ])('IPv6 rejects %j', (bad) => {
    expect(ipv6ToBytes(bad)).toBeUndefined();
  });
});

describe('hex', () => {
  it('parses RFC-style and Wireshark-style dumps', () => {
    expect(hexToBytes('21 12 a4 42')).toEqual(new Uint8Array([0x21, 0x12, 0xa4, 0x42]));
    expect(hexToBytes('21:12:A4:42')).toEqual(new Uint8Array([0x21, 0x12, 0xa4, 0x42]));
    expect(hexToBytes('0x2112a442')).toEqual(new Uint8Array([0x21, 0x12, 0xa4, 0x42]));
    expect(hexToBytes('abc')).toBeUndefined();
    expect(hexToBytes('zz')).toBeUndefined();
  });
});
