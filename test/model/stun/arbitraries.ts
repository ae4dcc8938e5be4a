// fast-check generators for the STUN fuzz tests: valid typed messages (every attribute kind,
// both generations), mutations of encoded messages, and framed garbage; and the canonical text
// the tests compare decoded values by.
import fc from 'fast-check';
import { KIND_TYPE, bytesToIpv6 } from '../../../src/model/stun/index.ts';
import type { StunAddress, StunAttribute, StunMessageInit } from '../../../src/model/stun/index.ts';

const KNOWN_TYPES = new Set<number>(Object.values(KIND_TYPE));

const address: fc.Arbitrary<StunAddress> = fc.oneof(
  fc.record({
    family: fc.constant('ipv4' as const),
    ip: fc.ipV4(),
    port: fc.integer({ min: 0, max: 0xffff }),
  }),
  fc.record({
    family: fc.constant('ipv6' as const),
    // Canonical text, as the decoder gives it back.
    ip: fc.uint8Array({ minLength: 16, maxLength: 16 }).map(bytesToIpv6),
    port: fc.integer({ min: 0, max: 0xffff }),
  }),
);

/** A Unicode scalar value: mostly printable ASCII, sometimes anything but a lone surrogate. */
const codePoint = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff),
  },
);

/**
 * Strings of whole code points (no lone surrogates, which UTF-8 cannot carry). Cheaper to
 * set up than fc.string({ unit: 'binary' }), which builds a table of every code point first.
 */
export function unicodeString(maxLength: number): fc.Arbitrary<string> {
  return fc.array(codePoint, { maxLength }).map((cps) => String.fromCodePoint(...cps));
}

const text = unicodeString(24);
const u32 = fc.integer({ min: 0, max: 0xffffffff });

/** Any attribute except literal MESSAGE-INTEGRITY and FINGERPRINT (the encoder adds those). */
export const attribute: fc.Arbitrary<StunAttribute> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'mapped-address',
      'xor-mapped-address',
      'response-address',
      'changed-address',
      'source-address',
      'reflected-from',
      'response-origin',
      'other-address',
      'alternate-server',
    ),
    address,
  }),
  fc.record({ kind: fc.constantFrom('username', 'realm', 'nonce', 'software'), value: text }),
  fc.record({
    kind: fc.constant('change-request'),
    changeIp: fc.boolean(),
    changePort: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('error-code'),
    code: fc.integer({ min: 300, max: 699 }),
    reason: text,
  }),
  fc.record({
    kind: fc.constant('unknown-attributes'),
    types: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 5 }),
  }),
  fc.record({ kind: fc.constant('priority'), priority: u32 }),
  fc.record({ kind: fc.constant('use-candidate') }),
  fc.record({
    kind: fc.constantFrom('ice-controlled', 'ice-controlling'),
    tieBreaker: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  }),
  fc.record({
    kind: fc.constant('unknown'),
    type: fc.integer({ min: 0, max: 0xffff }).filter((t) => !KNOWN_TYPES.has(t)),
    value: fc.uint8Array({ maxLength: 24 }),
  }),
) as fc.Arbitrary<StunAttribute>;

const COOKIE = [0x21, 0x12, 0xa4, 0x42];

/** 12-byte (RFC 5389) or 16-byte (RFC 3489, not starting with the cookie) transaction ids. */
const transactionId = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ minLength: 12, maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ minLength: 16, maxLength: 16 })
      .filter((id) => COOKIE.some((b, i) => id[i] !== b)),
  },
);

/** A valid message description, with or without MESSAGE-INTEGRITY and FINGERPRINT. */
export const messageInit: fc.Arbitrary<StunMessageInit> = fc.record(
  {
    class: fc.constantFrom('request', 'indication', 'success', 'error'),
    method: fc.integer({ min: 0, max: 0xfff }),
    transactionId,
    attributes: fc.array(attribute, { maxLength: 7 }),
    integrity: fc.record({ key: fc.uint8Array({ maxLength: 80 }) }),
    fingerprint: fc.boolean(),
  },
  { requiredKeys: ['class', 'method', 'transactionId', 'attributes'] },
);

/** One edit of a byte string; positions are taken modulo its length when applied. */
export type Mutation =
  | { readonly op: 'set'; readonly at: number; readonly byte: number }
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'u16'; readonly at: number; readonly value: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'delete'; readonly at: number; readonly count: number }
  | { readonly op: 'fix-length' };

const position = fc.nat({ max: 4096 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: position, byte: fc.nat({ max: 255 }) }),
  fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }),
  // 16-bit writes at even offsets hit types and lengths (the header's and attributes').
  fc.record({
    op: fc.constant('u16' as const),
    at: position,
    value: fc.oneof(fc.nat({ max: 0xffff }), fc.nat({ max: 40 })),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({
    op: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    at: position,
    count: fc.integer({ min: 1, max: 12 }),
  }),
  // Makes the Message Length agree with the datagram again, so later checks are reached.
  fc.constant({ op: 'fix-length' as const }),
);

/** Applies mutations in order, never in place. */
export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = input.slice();
  for (const m of mutations) {
    const n = bytes.length;
    switch (m.op) {
      case 'set':
        if (n > 0) bytes[m.at % n] = m.byte;
        break;
      case 'flip':
        if (n > 0) bytes[m.at % n] = (bytes[m.at % n] as number) ^ (1 << m.bit);
        break;
      case 'u16':
        if (n > 1) {
          const at = (m.at % (n - 1)) & ~1;
          bytes[at] = m.value >>> 8;
          bytes[at + 1] = m.value & 0xff;
        }
        break;
      case 'truncate':
        bytes = bytes.slice(0, m.at % (n + 1));
        break;
      case 'insert': {
        const at = m.at % (n + 1);
        const out = new Uint8Array(n + m.bytes.length);
        out.set(bytes.subarray(0, at));
        out.set(m.bytes, at);
        out.set(bytes.subarray(at), at + m.bytes.length);
        bytes = out;
        break;
      }
      case 'delete': {
        const at = m.at % (n + 1);
        bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.count)]);
        break;
      }
      case 'fix-length':
        if (n >= 4) {
          const length = Math.max(0, n - 20) & 0xffff;
          bytes[2] = length >>> 8;
          bytes[3] = length & 0xff;
        }
        break;
    }
  }
  return bytes;
}

/** Random bytes, half of them with a plausible STUN header (leading 00, right length, cookie). */
export const garbage: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 120 }),
  fc
    .record({
      words: fc.nat({ max: 30 }),
      fill: fc.uint8Array({ minLength: 140, maxLength: 140 }),
      cookie: fc.boolean(),
    })
    .map(({ words, fill, cookie }) => {
      const bytes = fill.slice(0, 20 + 4 * words);
      bytes[0] = (bytes[0] as number) & 0x3f;
      bytes[2] = 0;
      bytes[3] = 4 * words;
      if (cookie) bytes.set(COOKIE, 4);
      return bytes;
    }),
);

/** JSON with bigints and byte arrays spelled out, for quick equality of decoded values (a
 * snapshot: every byte is copied into the text). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint'
      ? `bigint:${v.toString()}`
      : v instanceof Uint8Array
        ? `bytes:${Array.from(v).join(',')}`
        : v,
  );
}
