import { describe, expect, it } from 'vitest';
import { segmentsOf } from '../../src/model/segments.ts';
import type { TopologySpec } from '../../src/model/topology.ts';

/** A carrier router that only routes, with a host and a home NAT behind it; a server outside. */
const topology = (carrierPreset: 'open-internet' | 'port-restricted-cone'): TopologySpec => ({
  nodes: [
    { kind: 'host', id: 'server', ip: '198.51.100.1', parent: 'internet' },
    {
      kind: 'router',
      id: 'carrier',
      wanIp: '203.0.113.1',
      lanIp: '100.64.0.1',
      lan: '100.64.0.0/24',
      parent: 'internet',
      nat: { preset: carrierPreset },
    },
    { kind: 'host', id: 'bob', ip: '100.64.0.9', parent: 'carrier' },
    {
      kind: 'router',
      id: 'home',
      wanIp: '100.64.0.2',
      lanIp: '10.0.0.1',
      lan: '10.0.0.0/24',
      parent: 'carrier',
      nat: { preset: 'full-cone' },
    },
    { kind: 'host', id: 'alice', ip: '10.0.0.2', parent: 'home' },
  ],
});

const table = (t: TopologySpec) =>
  Object.fromEntries([...segmentsOf(t)].map(([seg, m]) => [seg, Object.fromEntries(m)]));

describe('segmentsOf', () => {
  it.each([
    {
      carrier: 'port-restricted-cone' as const,
      // A translating carrier hides everything behind its WAN address.
      internet: { '198.51.100.1': 'server', '203.0.113.1': 'carrier' },
    },
    {
      carrier: 'open-internet' as const,
      // A routing-only carrier answers for its subtree up to the next translating router.
      internet: {
        '198.51.100.1': 'server',
        '203.0.113.1': 'carrier',
        '100.64.0.9': 'carrier',
        '100.64.0.2': 'carrier',
      },
    },
  ])('carrier $carrier: the Internet sees $internet', ({ carrier, internet }) => {
    expect(table(topology(carrier))).toEqual({
      internet,
      carrier: { '100.64.0.9': 'bob', '100.64.0.2': 'home' },
      home: { '10.0.0.2': 'alice' },
    });
  });
});
