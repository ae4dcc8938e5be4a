/**
 * The server's fast path gives, byte for byte, the answer the shared answerStun gives, for plain
 * Binding requests from many sources with many transaction ids, on each of the four endpoints,
 * with and without SOFTWARE; and leaves every other datagram, and every source that is no single
 * host, to answerStun.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fastAnswerer, isPlainBinding } from '../../../lab/stun/fast-answer.ts';
import { answerStun, serverEndpoints } from '../../../src/model/stun/server.ts';
import type { StunServerConfig } from '../../../src/model/stun/server.ts';

const BASE: StunServerConfig = {
  primaryIp: '203.0.113.162',
  alternateIp: '203.0.113.163',
  primaryPort: 3478,
  alternatePort: 3479,
};

const plain = (): Buffer => {
  const b = Buffer.alloc(20);
  b.writeUInt32BE(0x00010000, 0);
  b.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(b, 8);
  return b;
};

const randomSource = () => ({
  ip: `${1 + Math.floor(Math.random() * 222)}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`,
  port: 1 + Math.floor(Math.random() * 65_535),
});

describe('the fast path', () => {
  it.each([
    ['no SOFTWARE', BASE],
    ['with SOFTWARE', { ...BASE, software: 'agujero lab' }],
  ])('%s: the same bytes as answerStun on every endpoint, 2,000 requests each', (_, config) => {
    const fast = fastAnswerer(config);
    for (const local of serverEndpoints(config)) {
      for (let i = 0; i < 2_000; i++) {
        const request = plain();
        const remote = randomSource();
        const slow = answerStun(config, local, remote, request);
        const quick = fast(local, remote.ip, remote.port, request);
        expect(slow.kind).toBe('answer');
        if (slow.kind !== 'answer') return;
        expect([slow.from, slow.to]).toEqual([local, remote]);
        expect(quick && Buffer.from(quick).equals(Buffer.from(slow.bytes))).toBe(true);
      }
    }
  });

  it.each([
    ['a classic (RFC 3489) request', (b: Buffer) => b.writeUInt32BE(0x01020304, 4)],
    [
      'a request with CHANGE-REQUEST',
      (b: Buffer) => Buffer.concat([b, Buffer.from('0003000400000006', 'hex')]),
    ],
    ['an indication', (b: Buffer) => b.writeUInt16BE(0x0011, 0)],
    ['a response', (b: Buffer) => b.writeUInt16BE(0x0101, 0)],
    ['another method', (b: Buffer) => b.writeUInt16BE(0x0003, 0)],
    ['a nonzero length', (b: Buffer) => b.writeUInt16BE(4, 2)],
    ['a short datagram', (b: Buffer) => b.subarray(0, 19)],
  ])('leaves %s to answerStun', (_, change) => {
    const request = plain();
    const changed = change(request);
    const bytes = Buffer.isBuffer(changed) ? changed : request;
    expect(isPlainBinding(bytes)).toBe(false);
    const local = serverEndpoints(BASE)[0]!;
    expect(fastAnswerer(BASE)(local, '192.0.2.7', 4000, bytes)).toBeUndefined();
  });

  it.each([
    ['0.0.0.0', 4000],
    ['255.255.255.255', 4000],
    ['224.0.0.1', 4000],
    ['192.0.2.7', 0],
  ])('leaves a source that is no single host (%s:%i) to answerStun', (ip, port) => {
    const local = serverEndpoints(BASE)[0]!;
    expect(fastAnswerer(BASE)(local, ip, port, plain())).toBeUndefined();
    expect(answerStun(BASE, local, { ip, port }, plain()).kind).toBe('ignore');
  });

  it('remembers the last source without mixing sources up: repeats, changes and refusals in turn', () => {
    const fast = fastAnswerer(BASE);
    const local = serverEndpoints(BASE)[1]!;
    const sources: [string, number][] = [
      ['192.0.2.7', 4000],
      ['192.0.2.7', 4000],
      ['192.0.2.7', 4001],
      ['0.0.0.0', 4000],
      ['192.0.2.7', 4000],
      ['198.51.100.9', 4000],
      ['255.255.255.255', 4000],
      ['255.255.255.255', 4000],
      ['198.51.100.9', 4000],
      ['192.0.2.7', 0],
      ['192.0.2.7', 4000],
    ];
    for (const [ip, port] of sources) {
      const request = plain();
      const slow = answerStun(BASE, local, { ip, port }, request);
      const quick = fast(local, ip, port, request);
      if (slow.kind === 'answer') expect(quick?.equals(Buffer.from(slow.bytes))).toBe(true);
      else expect(quick).toBeUndefined();
    }
  });
});
