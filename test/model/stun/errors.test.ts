// Every typed error, from the decoder and from the encoder, with the byte offset it names; and
// the promise that decoding returns a result instead of throwing.
import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  decodeMessage,
  encodeMessage,
  looksLikeStun,
  unwrap,
} from '../../../src/model/stun/index.ts';
import type { StunErrorCode, StunMessageInit, StunResult } from '../../../src/model/stun/index.ts';
import { SAMPLE_IPV4_RESPONSE, SAMPLE_REQUEST, TRANSACTION_ID, hex } from './vectors.ts';

/** An RFC 5389 Binding request header with the right length, then `body`. */
function message(body: string): Uint8Array {
  const attrs = hex(body);
  const header = hex('00 01 00 00 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae');
  header[2] = attrs.length >>> 8;
  header[3] = attrs.length & 0xff;
  return concatBytes(header, attrs);
}

function expectError<T>(r: StunResult<T>, code: StunErrorCode, offset: number): void {
  expect(r.ok ? 'ok' : [r.error.code, r.error.offset]).toEqual([code, offset]);
  if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
}

describe('decoder errors', () => {
  it.each<[string, Uint8Array, StunErrorCode, number]>([
    ['empty', new Uint8Array(0), 'truncated', 0],
    ['19 bytes', SAMPLE_REQUEST.subarray(0, 19), 'truncated', 19],
    ['cut inside an attribute', SAMPLE_REQUEST.subarray(0, 50), 'truncated', 50],
    [
      'ChannelData (0x40...)',
      concatBytes(hex('40 00 00 04 de ad be ef'), new Uint8Array(16)),
      'not-stun',
      0,
    ],
    ['RTP-like (0x80...)', new Uint8Array(24).fill(0x80), 'not-stun', 0],
    [
      'length not a multiple of 4',
      hex('00 01 00 06 21 12 a4 42' + ' 00'.repeat(18)),
      'bad-length',
      2,
    ],
    ['bytes after the message', concatBytes(SAMPLE_REQUEST, hex('00 00 00 00')), 'bad-length', 108],
    [
      'attribute longer than the message',
      message('80 22 00 09 41 42 43 44'),
      'attribute-overrun',
      22,
    ],
    ['attribute length 0xffff', message('00 06 ff ff 00 00 00 00'), 'attribute-overrun', 22],
    ['address family 0x03', message('00 01 00 08 00 03 0d 96 c6 33 64 01'), 'bad-family', 25],
    ['address family 0x00', message('00 20 00 08 00 00 0d 96 c6 33 64 01'), 'bad-family', 25],
    [
      'IPv4 address with IPv6 length',
      message('00 01 00 14' + ' 00 01'.repeat(10)),
      'bad-attribute',
      24,
    ],
    [
      'IPv6 address with IPv4 length',
      message('00 01 00 08 00 02 0d 96 c6 33 64 01'),
      'bad-attribute',
      24,
    ],
    ['address value of 2 bytes', message('00 05 00 02 00 01 00 00'), 'bad-attribute', 24],
    [
      'CHANGE-REQUEST of 8 bytes',
      message('00 03 00 08 00 00 00 06 00 00 00 00'),
      'bad-attribute',
      22,
    ],
    [
      'MESSAGE-INTEGRITY of 16 bytes',
      message('00 08 00 10' + ' 00'.repeat(16)),
      'bad-attribute',
      22,
    ],
    ['FINGERPRINT of 2 bytes', message('80 28 00 02 00 00 00 00'), 'bad-attribute', 22],
    ['PRIORITY of 3 bytes', message('00 24 00 03 00 00 01 00'), 'bad-attribute', 22],
    ['USE-CANDIDATE with a value', message('00 25 00 04 00 00 00 01'), 'bad-attribute', 22],
    ['ICE-CONTROLLING of 4 bytes', message('80 2a 00 04 00 00 00 01'), 'bad-attribute', 22],
    ['ERROR-CODE of 2 bytes', message('00 09 00 02 00 00 00 00'), 'bad-attribute', 22],
    ['ERROR-CODE number 100', message('00 09 00 04 00 00 04 64'), 'bad-attribute', 27],
    ['UNKNOWN-ATTRIBUTES of odd length', message('00 0a 00 03 00 07 00 00'), 'bad-attribute', 22],
  ])('%s', (_name, bytes, code, offset) => {
    expectError(decodeMessage(bytes), code, offset);
  });

  it('a wrong FINGERPRINT is an error by default, and flagged on request', () => {
    const bytes = SAMPLE_REQUEST.slice();
    bytes[107] = (bytes[107] as number) ^ 0xff;
    expectError(decodeMessage(bytes), 'bad-fingerprint', 104);
    const flagged = unwrap(decodeMessage(bytes, { fingerprint: 'flag' }));
    expect(flagged.fingerprint).toBe('invalid');
    expect(flagged.attributes[5]?.annotation.children[2]?.note).toMatch(/INVALID$/);
    expect(unwrap(encodeMessage(flagged.message))).toEqual(bytes);
  });

  it('a changed byte before FINGERPRINT breaks it', () => {
    const bytes = SAMPLE_REQUEST.slice();
    bytes[30] = (bytes[30] as number) ^ 0x01;
    expectError(decodeMessage(bytes), 'bad-fingerprint', 104);
  });

  it('an attribute after FINGERPRINT is an error', () => {
    const bytes = concatBytes(SAMPLE_IPV4_RESPONSE, hex('80 22 00 04 61 62 63 64'));
    bytes[3] = (bytes[3] as number) + 8;
    expectError(decodeMessage(bytes), 'after-fingerprint', 80);
    expectError(decodeMessage(bytes, { fingerprint: 'flag' }), 'after-fingerprint', 80);
  });

  it('non-zero padding is accepted by default and rejected on request', () => {
    expect(decodeMessage(SAMPLE_REQUEST).ok).toBe(true);
    expectError(decodeMessage(SAMPLE_REQUEST, { padding: 'reject' }), 'bad-padding', 73);
  });

  it('decodes a view into a larger buffer (non-zero byteOffset) like a copy', () => {
    const big = concatBytes(hex('ff ff ff'), SAMPLE_REQUEST, hex('ee'));
    const view = big.subarray(3, 3 + SAMPLE_REQUEST.length);
    expect(unwrap(decodeMessage(view)).message).toEqual(
      unwrap(decodeMessage(SAMPLE_REQUEST)).message,
    );
  });
});

describe('encoder errors', () => {
  const base: StunMessageInit = { class: 'success', method: 1, transactionId: TRANSACTION_ID };
  const v4 = (ip: string, port: number) => ({ family: 'ipv4' as const, ip, port });
  it.each<[string, StunMessageInit, number]>([
    ['transaction id of 5 bytes', { ...base, transactionId: new Uint8Array(5) }, 4],
    ['method over 12 bits', { ...base, method: 0x1000 }, 0],
    ['unknown class', { ...base, class: 'response' as never }, 0],
    [
      'bad IPv4 text',
      { ...base, attributes: [{ kind: 'mapped-address', address: v4('1.2.3', 1) }] },
      20,
    ],
    [
      'IPv6 text as IPv4',
      { ...base, attributes: [{ kind: 'mapped-address', address: v4('::1', 1) }] },
      20,
    ],
    [
      'port 70000',
      { ...base, attributes: [{ kind: 'mapped-address', address: v4('1.2.3.4', 70000) }] },
      20,
    ],
    [
      'reserved byte 256',
      {
        ...base,
        attributes: [{ kind: 'other-address', address: v4('1.2.3.4', 1), reserved: 256 }],
      },
      20,
    ],
    [
      'padding of the wrong size',
      { ...base, attributes: [{ kind: 'software', value: 'ab', padding: hex('20') }] },
      20,
    ],
    [
      'padding where none fits',
      { ...base, attributes: [{ kind: 'software', value: 'abcd', padding: hex('20') }] },
      20,
    ],
    [
      'error code 800',
      { ...base, attributes: [{ kind: 'error-code', code: 800, reason: '' }] },
      20,
    ],
    [
      'CHANGE-REQUEST reserved overlapping the flags',
      {
        ...base,
        attributes: [{ kind: 'change-request', changeIp: true, changePort: false, reserved: 4 }],
      },
      20,
    ],
    [
      'UNKNOWN-ATTRIBUTES type 0x10000',
      { ...base, attributes: [{ kind: 'unknown-attributes', types: [0x10000] }] },
      20,
    ],
    [
      'MI of 19 bytes',
      { ...base, attributes: [{ kind: 'message-integrity', hmac: new Uint8Array(19) }] },
      20,
    ],
    ['PRIORITY -1', { ...base, attributes: [{ kind: 'priority', priority: -1 }] }, 20],
    [
      'tie-breaker 2^64',
      { ...base, attributes: [{ kind: 'ice-controlled', tieBreaker: 1n << 64n }] },
      20,
    ],
    [
      'unknown type 0x10000',
      { ...base, attributes: [{ kind: 'unknown', type: 0x10000, value: new Uint8Array(0) }] },
      20,
    ],
    [
      'value over 65535 bytes',
      { ...base, attributes: [{ kind: 'unknown', type: 0x7fff, value: new Uint8Array(70000) }] },
      20,
    ],
    [
      'message over 65532 bytes',
      {
        ...base,
        attributes: [
          { kind: 'unknown', type: 0x7fff, value: new Uint8Array(40000) },
          { kind: 'unknown', type: 0x7fff, value: new Uint8Array(40000) },
        ],
      },
      2,
    ],
    [
      'FINGERPRINT in the attributes and requested',
      { ...base, attributes: [{ kind: 'fingerprint', value: 0 }], fingerprint: true },
      28,
    ],
    [
      'MESSAGE-INTEGRITY in the attributes and requested',
      {
        ...base,
        attributes: [{ kind: 'message-integrity', hmac: new Uint8Array(20) }],
        integrity: { key: new Uint8Array(1) },
      },
      44,
    ],
    [
      'the second attribute is bad',
      {
        ...base,
        attributes: [
          { kind: 'software', value: 'hello' },
          { kind: 'mapped-address', address: v4('300.1.1.1', 1) },
        ],
      },
      32,
    ],
  ])('%s', (_name, init, offset) => {
    expectError(encodeMessage(init), 'bad-input', offset);
  });
});

describe('looksLikeStun', () => {
  it('accepts the framing of a STUN message and rejects other datagrams', () => {
    expect(looksLikeStun(SAMPLE_REQUEST)).toBe(true);
    expect(looksLikeStun(SAMPLE_REQUEST, true)).toBe(true);
    expect(looksLikeStun(SAMPLE_REQUEST.subarray(0, 100))).toBe(false);
    expect(looksLikeStun(new Uint8Array(24).fill(0x80))).toBe(false);
    const classic = hex('00 01 00 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10');
    expect(looksLikeStun(classic)).toBe(true);
    expect(looksLikeStun(classic, true)).toBe(false);
  });
});
