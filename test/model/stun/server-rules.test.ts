// Every RFC 8489 / RFC 5780 rule the server applies to RESPONSE-PORT, PADDING, CHANGE-REQUEST,
// unknown attributes and what it never answers, one table per rule; then the bounds it keeps on
// every datagram (size, attribute count, answer size, destination), property-tested.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, getAttribute, unwrap } from '../../../src/model/stun/index.ts';
import type { StunAttribute } from '../../../src/model/stun/index.ts';
import { answerStun } from '../../../src/model/stun/server.ts';
import type { StunIgnoreCause } from '../../../src/model/stun/server.ts';
import {
  STUN_SERVER_LIMITS,
  softwareAttributeBytes,
} from '../../../src/model/stun/server-limits.ts';
import { attribute as anyAttribute, mutate, mutation } from './arbitraries.ts';
import { A1P1, client, config, message, raw } from './server-fixtures.ts';

const responsePort = (port: number): StunAttribute => raw(0x0027, port >> 8, port & 255, 0, 0);
const padding = (n: number): StunAttribute => raw(0x0026, ...new Array<number>(n).fill(0x50));

function answer(bytes: Uint8Array, local = A1P1, remote = client) {
  const a = answerStun(config, local, remote, bytes);
  if (a.kind !== 'answer') throw new Error(`ignored: ${a.reason}`);
  const m = unwrap(decodeMessage(a.bytes)).message;
  return { ...a, message: m, code: getAttribute(m, 'error-code')?.code };
}

describe('never answered (RFC 8489 §6.3: discarded silently), each counted by its cause', () => {
  const oversized = message([padding(STUN_SERVER_LIMITS.maxRequestBytes - 24 + 4)]);
  const crowded = message(
    Array.from({ length: STUN_SERVER_LIMITS.maxAttributes + 1 }, () => raw(0x8f00)),
  );
  const badFingerprint = message([], { fingerprint: true });
  badFingerprint[badFingerprint.length - 1]! ^= 1;
  it.each<[string, Uint8Array, StunIgnoreCause, { ip: string; port: number }?]>([
    ['a Binding indication', message([], { cls: 'indication' }), 'not-request'],
    ['a Binding success response', message([], { cls: 'success' }), 'not-request'],
    ['a Binding error response', message([], { cls: 'error' }), 'not-request'],
    ['an Allocate request', message([], { method: 3 }), 'unsupported-method'],
    ['a request of method 0xfff', message([], { method: 0xfff }), 'unsupported-method'],
    ['3 bytes of garbage', Uint8Array.from([1, 2, 3]), 'malformed'],
    ['a header whose length is not the datagram', message().subarray(0, 19), 'malformed'],
    ['a wrong FINGERPRINT', badFingerprint, 'malformed'],
    [`a ${oversized.length}-byte datagram`, oversized, 'oversized'],
    [`${STUN_SERVER_LIMITS.maxAttributes + 1} attributes`, crowded, 'too-many-attributes'],
    ['a request from port 0', message(), 'unanswerable', { ip: client.ip, port: 0 }],
    ['a request from 0.0.0.0', message(), 'unanswerable', { ip: '0.0.0.0', port: 5 }],
    ['a request from broadcast', message(), 'unanswerable', { ip: '255.255.255.255', port: 5 }],
    ['a request from multicast', message(), 'unanswerable', { ip: '224.0.0.1', port: 5 }],
  ])('%s', (_name, bytes, cause, remote = client) => {
    expect(answerStun(config, A1P1, remote, bytes)).toMatchObject({ kind: 'ignore', cause });
  });
});

describe('error answers, always to the source address and port, from where it arrived', () => {
  it.each<[string, number, StunAttribute[], RegExp, number[]?]>([
    ['an unknown comprehension-required type', 420, [raw(0x7f00)], /0x7f00/, [0x7f00]],
    ['repeats listed once', 420, [raw(0x7f00), raw(0x0030), raw(0x7f00)], /0x0030/, [0x7f00, 0x30]],
    [
      'RESPONSE-ADDRESS, which it never honours',
      420,
      [{ kind: 'response-address', address: { family: 'ipv4', ip: '192.0.2.9', port: 9 } }],
      /0x0002/,
      [0x0002],
    ],
    ['RESPONSE-PORT of 2 bytes', 400, [raw(0x0027, 0xea, 0x60)], /4 bytes, got 2/],
    ['RESPONSE-PORT of 8 bytes', 400, [raw(0x0027, 0xea, 0x60, 0, 0, 0, 0, 0, 0)], /got 8/],
    ['RESPONSE-PORT 0', 400, [responsePort(0)], /RESPONSE-PORT 0/],
    ['RESPONSE-PORT then PADDING', 400, [responsePort(60000), padding(8)], /RFC 5780 §6\.1/],
    ['PADDING then RESPONSE-PORT', 400, [padding(8), responsePort(60000)], /RFC 5780 §6\.1/],
    ['CHANGE-REQUEST of 2 bytes', 400, [raw(0x0003, 0, 6)], /CHANGE-REQUEST must be 4 bytes/],
    ['CHANGE-REQUEST of 8 bytes', 400, [raw(0x0003, 0, 0, 0, 6, 0, 0, 0, 0)], /got 8/],
    ['an address of family 3', 400, [raw(0x0001, 0, 3, 0, 1, 1, 2, 3, 4)], /family 0x03/],
  ])('%s: %i', (_name, code, attributes, summary, types) => {
    for (const classic of [false, true]) {
      const a = answer(message(attributes, { classic }));
      expect(a.message.class).toBe('error');
      expect([a.code, a.from, a.to]).toEqual([code, A1P1, client]);
      expect(a.summary).toMatch(summary);
      expect(a.message.transactionId).toEqual(new Uint8Array(classic ? 16 : 12).fill(7));
      if (types) expect(getAttribute(a.message, 'unknown-attributes')?.types).toEqual(types);
    }
  });

  it('an unknown comprehension-optional type is ignored: the request is answered', () => {
    expect(answer(message([raw(0x8f00, 1, 2, 3)])).message.class).toBe('success');
  });
});

describe('RESPONSE-PORT (RFC 5780 §7.5): the answer goes to the source address, that port', () => {
  it.each<[string, StunAttribute[], number]>([
    ['missing', [], client.port],
    ['1', [responsePort(1)], 1],
    ['65535', [responsePort(65535)], 65535],
    ['60000', [responsePort(60000)], 60000],
    ['60000 with non-zero trailing bytes', [raw(0x0027, 0xea, 0x60, 0xff, 0xff)], 60000],
    ['twice: the first counts', [responsePort(7), responsePort(9)], 7],
  ])('%s', (_name, attributes, port) => {
    const a = answer(message(attributes));
    expect(a.message.class).toBe('success');
    expect(a.to).toEqual({ ip: client.ip, port });
    expect(getAttribute(a.message, 'xor-mapped-address')?.address).toMatchObject(client);
  });
});

describe('CHANGE-REQUEST (RFC 5780 §6.1 Table 1): source by flags, OTHER-ADDRESS always Ca:Cp', () => {
  const Ca = '198.51.100.2';
  const Cp = 3479;
  it.each<[string, number, { ip: string; port: number }]>([
    ['no flags', 0, A1P1],
    ['change IP (A)', 4, { ip: Ca, port: 3478 }],
    ['change port (B)', 2, { ip: A1P1.ip, port: Cp }],
    ['both', 6, { ip: Ca, port: Cp }],
    ['every bit: both, reserved bits ignored', 0xffffffff, { ip: Ca, port: Cp }],
    ['reserved bits only', 0xfffffff9, A1P1],
  ])('%s', (_name, word, from) => {
    const bytes = [word >>> 24, (word >>> 16) & 255, (word >>> 8) & 255, word & 255];
    const a = answer(message([raw(0x0003, ...bytes)]));
    expect(a.from).toEqual(from);
    expect(getAttribute(a.message, 'response-origin')?.address).toMatchObject(from);
    expect(getAttribute(a.message, 'other-address')?.address).toMatchObject({ ip: Ca, port: Cp });
  });
});

describe('PADDING (RFC 5780 §6.1, §7.6): mirrored, never larger than the request’s', () => {
  it.each([0, 1, 64, 1500])('a %i-byte PADDING gets one of the same size', (n) => {
    const request = message([padding(n)]);
    const a = answer(request);
    const pad = a.message.attributes.find((x) => x.kind === 'unknown' && x.type === 0x0026);
    expect(pad?.kind === 'unknown' && pad.value.length).toBe(n);
    expect(a.bytes.length).toBeLessThanOrEqual(request.length + STUN_SERVER_LIMITS.maxGrowthBytes);
  });
});

describe('bounds on every datagram (fast-check)', () => {
  const software = 'agujero ü';
  const withSoftware = { ...config, software };
  const limit = (request: Uint8Array): number =>
    request.length + STUN_SERVER_LIMITS.maxGrowthBytes + softwareAttributeBytes(software);
  const extras = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map(responsePort),
      fc.integer({ min: 0, max: 1600 }).map(padding),
      fc.integer({ min: 0, max: 0xffffffff }).map((w) => raw(3, w >>> 24, 0, 0, w & 255)),
      fc.uint8Array({ maxLength: 9 }).map((v) => raw(0x0027, ...v)),
    ),
    { maxLength: 3 },
  );
  it('answers only the source address, from its own endpoints, at most request + 48 + SOFTWARE', () => {
    fc.assert(
      fc.property(
        fc.array(anyAttribute, { maxLength: 5 }),
        extras,
        fc.boolean(),
        fc.boolean(),
        fc.array(mutation, { maxLength: 2 }),
        (attributes, more, classic, fingerprint, mutations) => {
          const request = mutate(
            message([...attributes, ...more], { classic, fingerprint }),
            mutations,
          );
          const a = answerStun(withSoftware, A1P1, client, request);
          if (a.kind === 'ignore') return;
          expect(a.to.ip).toBe(client.ip);
          expect(a.to.port).toBeGreaterThan(0);
          expect(a.from.ip === config.primaryIp || a.from.ip === config.alternateIp).toBe(true);
          expect(a.bytes.length).toBeLessThanOrEqual(limit(request));
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
