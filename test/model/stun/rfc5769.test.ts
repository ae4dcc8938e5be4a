// The four RFC 5769 test vectors, byte for byte: decoded values, MESSAGE-INTEGRITY and
// FINGERPRINT checks, and the encoder reproducing each message exactly, both from the decoded
// message and from its parts with the integrity and fingerprint computed afresh.
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  getAttribute,
  longTermKey,
  shortTermKey,
  unwrap,
  verifyIntegrity,
} from '../../../src/model/stun/index.ts';
import type { DecodedMessage, StunAttribute } from '../../../src/model/stun/index.ts';
import { coverageProblems } from './coverage.ts';
import {
  LONG_TERM_NONCE,
  LONG_TERM_PASSWORD,
  LONG_TERM_REALM,
  LONG_TERM_TRANSACTION_ID,
  LONG_TERM_USERNAME,
  RFC5769_VECTORS,
  SAMPLE_IPV4_RESPONSE,
  SAMPLE_IPV6_RESPONSE,
  SAMPLE_LONG_TERM_REQUEST,
  SAMPLE_REQUEST,
  SHORT_TERM_PASSWORD,
  TRANSACTION_ID,
} from './vectors.ts';

const shortKey = shortTermKey(SHORT_TERM_PASSWORD);
const longKey = longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, LONG_TERM_PASSWORD);
const spaces = (n: number): Uint8Array => new Uint8Array(n).fill(0x20);
const decode = (bytes: Uint8Array): DecodedMessage => unwrap(decodeMessage(bytes));
/** The attributes without the computed ones, for re-encoding from parts. */
const parts = (d: DecodedMessage): StunAttribute[] =>
  d.message.attributes.filter((a) => a.kind !== 'message-integrity' && a.kind !== 'fingerprint');

describe('RFC 5769 §2.1 sample request', () => {
  const d = decode(SAMPLE_REQUEST);

  it('decodes every attribute', () => {
    expect(d.classic).toBe(false);
    expect(d.message.class).toBe('request');
    expect(d.message.method).toBe(0x001);
    expect(d.message.transactionId).toEqual(TRANSACTION_ID);
    expect(parts(d)).toEqual([
      { kind: 'software', value: 'STUN test client' },
      { kind: 'priority', priority: 0x6e0001ff },
      { kind: 'ice-controlled', tieBreaker: 0x932ff9b151263b36n },
      { kind: 'username', value: 'evtj:h6vY', padding: spaces(3) },
    ]);
    expect(d.attributes.map((a) => a.offset)).toEqual([20, 40, 48, 60, 76, 100]);
  });

  it('has a valid MESSAGE-INTEGRITY (short-term) and FINGERPRINT', () => {
    expect(d.fingerprint).toBe('valid');
    expect(verifyIntegrity(d, shortKey)).toBe(true);
    expect(verifyIntegrity(d, shortTermKey('wrong'))).toBe(false);
  });

  it('re-encodes to the same bytes, from the decoded message and from its parts', () => {
    expect(unwrap(encodeMessage(d.message))).toEqual(SAMPLE_REQUEST);
    const rebuilt = encodeMessage({
      class: 'request',
      method: 0x001,
      transactionId: TRANSACTION_ID,
      attributes: parts(d),
      integrity: { key: shortKey },
      fingerprint: true,
    });
    expect(unwrap(rebuilt)).toEqual(SAMPLE_REQUEST);
  });
});

describe.each([
  ['§2.2 IPv4', SAMPLE_IPV4_RESPONSE, { family: 'ipv4', ip: '192.0.2.1', port: 32853 }],
  [
    '§2.3 IPv6',
    SAMPLE_IPV6_RESPONSE,
    { family: 'ipv6', ip: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
  ],
] as const)('RFC 5769 %s response', (_name, bytes, address) => {
  const d = decode(bytes);

  it('decodes the XOR-MAPPED-ADDRESS and SOFTWARE', () => {
    expect(d.message.class).toBe('success');
    expect(d.message.method).toBe(0x001);
    expect(d.message.transactionId).toEqual(TRANSACTION_ID);
    expect(parts(d)).toEqual([
      { kind: 'software', value: 'test vector', padding: spaces(1) },
      { kind: 'xor-mapped-address', address },
    ]);
    expect(getAttribute(d.message, 'xor-mapped-address')?.address).toEqual(address);
  });

  it('has a valid MESSAGE-INTEGRITY and FINGERPRINT', () => {
    expect(d.fingerprint).toBe('valid');
    expect(verifyIntegrity(d, shortKey)).toBe(true);
  });

  it('re-encodes to the same bytes, from the decoded message and from its parts', () => {
    expect(unwrap(encodeMessage(d.message))).toEqual(bytes);
    const rebuilt = encodeMessage({
      class: 'success',
      method: 0x001,
      transactionId: TRANSACTION_ID,
      attributes: [
        { kind: 'software', value: 'test vector', padding: spaces(1) },
        { kind: 'xor-mapped-address', address },
      ],
      integrity: { key: shortKey },
      fingerprint: true,
    });
    expect(unwrap(rebuilt)).toEqual(bytes);
  });
});

describe('RFC 5769 §2.4 request with long-term authentication', () => {
  const d = decode(SAMPLE_LONG_TERM_REQUEST);

  it('decodes USERNAME, NONCE and REALM', () => {
    expect(d.message.class).toBe('request');
    expect(d.message.transactionId).toEqual(LONG_TERM_TRANSACTION_ID);
    expect(parts(d)).toEqual([
      { kind: 'username', value: LONG_TERM_USERNAME },
      { kind: 'nonce', value: LONG_TERM_NONCE },
      { kind: 'realm', value: LONG_TERM_REALM },
    ]);
    expect(d.fingerprint).toBe('absent');
  });

  it('has a valid MESSAGE-INTEGRITY under MD5(username:realm:SASLprep(password))', () => {
    expect(verifyIntegrity(d, longKey)).toBe(true);
    expect(verifyIntegrity(d, longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, 'TheMatrix'))).toBe(
      false,
    );
    expect(verifyIntegrity(d, shortKey)).toBe(false);
  });

  it('re-encodes to the same bytes, from the decoded message and from its parts', () => {
    expect(unwrap(encodeMessage(d.message))).toEqual(SAMPLE_LONG_TERM_REQUEST);
    const rebuilt = encodeMessage({
      class: 'request',
      method: 0x001,
      transactionId: LONG_TERM_TRANSACTION_ID,
      attributes: [
        { kind: 'username', value: LONG_TERM_USERNAME },
        { kind: 'nonce', value: LONG_TERM_NONCE },
        { kind: 'realm', value: LONG_TERM_REALM },
      ],
      integrity: { key: longKey },
    });
    expect(unwrap(rebuilt)).toEqual(SAMPLE_LONG_TERM_REQUEST);
  });
});

describe('RFC 5769 vectors, all four', () => {
  it.each(Object.entries(RFC5769_VECTORS))(
    '§%s: annotations cover every byte once',
    (_s, bytes) => {
      expect(coverageProblems(bytes, decode(bytes).annotations)).toEqual([]);
    },
  );

  it.each(Object.entries(RFC5769_VECTORS))(
    '§%s: a flipped bit up to MI is detected',
    (_s, bytes) => {
      // Every single-bit flip in the bytes MESSAGE-INTEGRITY covers (and in the HMAC itself) is
      // either a typed error or a failed integrity check. Bytes after it are not covered: a
      // flip in FINGERPRINT's type turns it into an unknown attribute receivers ignore.
      const key = bytes === SAMPLE_LONG_TERM_REQUEST ? longKey : shortKey;
      const mi = decode(bytes).attributes.find((a) => a.attribute.kind === 'message-integrity');
      const end = (mi?.offset ?? 0) + 24;
      for (let i = 0; i < end; i++) {
        const copy = bytes.slice();
        copy[i] = (copy[i] as number) ^ 0x01;
        const r = decodeMessage(copy);
        if (r.ok) expect(verifyIntegrity(r.value, key), `byte ${i}`).toBe(false);
      }
    },
  );
});
