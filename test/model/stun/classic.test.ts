// RFC 3489 ("classic") messages: 16-byte transaction id, no magic cookie, as Debian's stun
// client and stund (Vovida) exchange them; detection, values, annotations and round trips.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  getAttribute,
  isClassic,
  unwrap,
  utf8Encode,
  verifyIntegrity,
} from '../../../src/model/stun/index.ts';
import type { StunMessage } from '../../../src/model/stun/index.ts';
import { coverageProblems } from './coverage.ts';
import { hex } from './vectors.ts';

const TID = hex('a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90');

/** Test I/II/III as Debian's stun client sends them: a Binding Request with CHANGE-REQUEST. */
const CHANGE_REQUEST = hex(`
  00 01 00 08 a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90
  00 03 00 04 00 00 00 06`);

/** A stund-style Binding Response: Bob's mapping from the walkthrough, and the server's two addresses. */
const BINDING_RESPONSE = hex(`
  01 01 00 38 a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90
  00 01 00 08 00 01 e6 08 36 5d e5 18
  00 04 00 08 00 01 0d 96 36 5d f9 a2
  00 05 00 08 00 01 0d 97 36 5d f9 a3
  80 22 00 0f 56 6f 76 69 64 61 2e 6f 72 67 20 30 2e 39 36 00`);

describe('RFC 3489 Binding Request with CHANGE-REQUEST', () => {
  const d = unwrap(decodeMessage(CHANGE_REQUEST));

  it('is detected as classic: no magic cookie, 16-byte transaction id', () => {
    expect(d.classic).toBe(true);
    expect(isClassic(d.message)).toBe(true);
    expect(d.message.transactionId).toEqual(TID);
    expect(d.message).toEqual({
      class: 'request',
      method: 0x001,
      transactionId: TID,
      attributes: [{ kind: 'change-request', changeIp: true, changePort: true }],
    });
  });

  it('annotates with RFC 3489 sections and without a Magic Cookie field', () => {
    expect(d.annotations.map((a) => [a.label, a.offset, a.length, a.rfc])).toEqual([
      ['Message Type', 0, 2, 'RFC 3489 §11.1'],
      ['Message Length', 2, 2, 'RFC 3489 §11.1'],
      ['Transaction ID', 4, 16, 'RFC 3489 §11.1'],
      ['CHANGE-REQUEST', 20, 8, 'RFC 3489 §11.2.4'],
    ]);
    expect(coverageProblems(CHANGE_REQUEST, d.annotations)).toEqual([]);
  });

  it('encodes back to the same bytes', () => {
    expect(unwrap(encodeMessage(d.message))).toEqual(CHANGE_REQUEST);
  });
});

describe('RFC 3489 Binding Response (stund style)', () => {
  const d = unwrap(decodeMessage(BINDING_RESPONSE));

  it('decodes MAPPED-, SOURCE- and CHANGED-ADDRESS and the SERVER string', () => {
    expect(d.classic).toBe(true);
    expect(d.message.class).toBe('success');
    expect(getAttribute(d.message, 'mapped-address')?.address).toEqual({
      family: 'ipv4',
      ip: '54.93.229.24',
      port: 58888,
    });
    expect(getAttribute(d.message, 'source-address')?.address.port).toBe(3478);
    expect(getAttribute(d.message, 'changed-address')?.address).toEqual({
      family: 'ipv4',
      ip: '54.93.249.163',
      port: 3479,
    });
    expect(getAttribute(d.message, 'software')?.value).toBe('Vovida.org 0.96');
    expect(d.fingerprint).toBe('absent');
  });

  it('cites RFC 3489 for the classic attributes', () => {
    expect(d.attributes.map((a) => a.annotation.rfc)).toEqual([
      'RFC 3489 §11.2.1',
      'RFC 3489 §11.2.5',
      'RFC 3489 §11.2.3',
      'RFC 8489 §14.14',
    ]);
    expect(coverageProblems(BINDING_RESPONSE, d.annotations)).toEqual([]);
  });

  it('encodes back to the same bytes', () => {
    expect(unwrap(encodeMessage(d.message))).toEqual(BINDING_RESPONSE);
  });
});

describe('RFC 3489 round trips built from parts', () => {
  const classic = (m: Omit<StunMessage, 'transactionId'>): StunMessage => ({
    ...m,
    transactionId: TID,
  });

  it.each<[string, StunMessage]>([
    [
      'Binding Request with RESPONSE-ADDRESS',
      classic({
        class: 'request',
        method: 1,
        attributes: [
          { kind: 'response-address', address: { family: 'ipv4', ip: '192.0.2.7', port: 5000 } },
          { kind: 'change-request', changeIp: false, changePort: true },
        ],
      }),
    ],
    [
      'Binding Response with REFLECTED-FROM',
      classic({
        class: 'success',
        method: 1,
        attributes: [
          {
            kind: 'mapped-address',
            address: { family: 'ipv4', ip: '82.230.120.113', port: 53333 },
          },
          { kind: 'reflected-from', address: { family: 'ipv4', ip: '192.0.2.7', port: 5000 } },
        ],
      }),
    ],
    [
      'Binding Error Response',
      classic({
        class: 'error',
        method: 1,
        attributes: [
          { kind: 'error-code', code: 420, reason: 'Unknown Attribute' },
          { kind: 'unknown-attributes', types: [0x0007, 0x0007] },
        ],
      }),
    ],
    ['Shared Secret Request', classic({ class: 'request', method: 2, attributes: [] })],
    [
      'XOR-MAPPED-ADDRESS, XORed with the 16-byte id',
      classic({
        class: 'success',
        method: 1,
        attributes: [
          {
            kind: 'xor-mapped-address',
            address: { family: 'ipv6', ip: '2001:db8::7', port: 4242 },
          },
        ],
      }),
    ],
  ])('%s', (_name, message) => {
    const bytes = unwrap(encodeMessage(message));
    expect(bytes.length).toBe(20 + (bytes[2] as number) * 256 + (bytes[3] as number));
    expect(bytes.subarray(4, 20)).toEqual(TID);
    const d = unwrap(decodeMessage(bytes));
    expect(d.classic).toBe(true);
    expect(d.message).toEqual(message);
    expect(coverageProblems(bytes, d.annotations)).toEqual([]);
  });

  it('message types are the RFC 3489 numbers', () => {
    const type = (cls: StunMessage['class'], method: number): string => {
      const bytes = unwrap(encodeMessage({ class: cls, method, transactionId: TID }));
      return Array.from(bytes.subarray(0, 2), (b) => b.toString(16).padStart(2, '0')).join('');
    };
    expect(type('request', 1)).toBe('0001');
    expect(type('success', 1)).toBe('0101');
    expect(type('error', 1)).toBe('0111');
    expect(type('request', 2)).toBe('0002');
    expect(type('success', 2)).toBe('0102');
    expect(type('error', 2)).toBe('0112');
  });

  it('a 16-byte id beginning with the magic cookie is refused (it would decode as RFC 5389)', () => {
    const tid = hex('21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 01');
    const r = encodeMessage({ class: 'request', method: 1, transactionId: tid });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('bad-input');
  });
});

describe('RFC 3489 MESSAGE-INTEGRITY', () => {
  it('is HMAC-SHA1 over the message up to it, zero-padded to a multiple of 64 bytes', () => {
    const key = utf8Encode('shared secret from the Shared Secret Request');
    const bytes = unwrap(
      encodeMessage({
        class: 'request',
        method: 1,
        transactionId: TID,
        attributes: [
          { kind: 'username', value: 'user:0123' },
          { kind: 'change-request', changeIp: false, changePort: false },
        ],
        integrity: { key },
      }),
    );
    const miOffset = bytes.length - 24;
    const input = new Uint8Array(64);
    input.set(bytes.subarray(0, miOffset));
    expect(miOffset).toBeLessThan(64);
    const expected = createHmac('sha1', key).update(input).digest();
    expect(bytes.subarray(miOffset + 4)).toEqual(new Uint8Array(expected));
    const d = unwrap(decodeMessage(bytes));
    expect(d.classic).toBe(true);
    expect(verifyIntegrity(d, key)).toBe(true);
    expect(verifyIntegrity(d, utf8Encode('other'))).toBe(false);
  });
});
