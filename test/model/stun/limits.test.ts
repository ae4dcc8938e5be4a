// The server's configurable limits (SOFTWARE per RFC 8489 §14.14 and one datagram) and the IPv4
// address kinds the server and the CLI refuse as destinations.
import { describe, expect, it } from 'vitest';
import { ipv4Kind } from '../../../src/model/stun/ip.ts';
import type { Ipv4Kind } from '../../../src/model/stun/ip.ts';
import {
  MAX_UDP_PAYLOAD,
  largestAnswerBytes,
  softwareProblem,
} from '../../../src/model/stun/server-limits.ts';

describe('SOFTWARE (RFC 8489 §14.14: fewer than 128 characters, at most 763 bytes)', () => {
  it.each<[string, string, RegExp | undefined]>([
    ['empty', '', undefined],
    ['127 ASCII characters', 'a'.repeat(127), undefined],
    ['127 four-byte characters (508 bytes)', '😀'.repeat(127), undefined],
    ['128 characters', 'a'.repeat(128), /^128 characters; RFC 8489 §14\.14 allows fewer than 128$/],
    ['70,000 characters', 'x'.repeat(70_000), /^70,000 characters/],
  ])('%s', (_name, text, problem) => {
    const found = softwareProblem(text);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it('the largest answer with the largest SOFTWARE fits one UDP datagram', () => {
    expect(largestAnswerBytes('😀'.repeat(127))).toBeLessThanOrEqual(MAX_UDP_PAYLOAD);
  });
});

describe('IPv4 address kinds', () => {
  it.each<[string, Ipv4Kind | undefined]>([
    ['127.0.0.1', 'unicast'],
    ['192.0.2.1', 'unicast'],
    ['223.255.255.255', 'unicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['1.2.3', undefined],
    ['stun.example.org', undefined],
  ])('%s is %s', (ip, kind) => {
    expect(ipv4Kind(ip)).toBe(kind);
  });
});
