/**
 * Mapping behaviour and port assignment, table-driven over every preset: which external endpoint
 * one internal endpoint gets toward different remotes, which port it gets, and what happens when
 * two inside hosts use the same source port (clash rule, Linux port overloading).
 */
import { describe, expect, it } from 'vitest';
import type { PresetId } from '../../src/model/presets.ts';
import { PRESET_IDS, PRESETS } from '../../src/model/presets.ts';
import { ALICE, CAROL, homeTopology, NAT_WAN, S1, S2, Sim, TRANSLATING } from './helpers.ts';

type Same = 'same' | 'new';
type Ports = 'internal' | 'preserve' | 'sequential' | 'random' | 'random-per-flow';

/** What the servers see when alice:5000 sends to s1:9000, then s1:9001, then s2:9000. */
const MAPPING = {
  'open-internet': { otherPort: 'same', otherIp: 'same', ports: 'internal' },
  'full-cone': { otherPort: 'same', otherIp: 'same', ports: 'preserve' },
  'restricted-cone': { otherPort: 'same', otherIp: 'same', ports: 'preserve' },
  'port-restricted-cone': { otherPort: 'same', otherIp: 'same', ports: 'preserve' },
  symmetric: { otherPort: 'new', otherIp: 'new', ports: 'sequential' },
  'linux-masquerade': { otherPort: 'same', otherIp: 'same', ports: 'preserve' },
  'linux-masquerade-input-drop': { otherPort: 'same', otherIp: 'same', ports: 'preserve' },
  'linux-random-fully': { otherPort: 'new', otherIp: 'new', ports: 'random-per-flow' },
  cgnat: { otherPort: 'same', otherIp: 'same', ports: 'random' },
} as const satisfies Record<PresetId, { otherPort: Same; otherIp: Same; ports: Ports }>;

function listening(id: PresetId, seed = 1): Sim {
  const sim = new Sim(homeTopology(id), seed);
  sim.socket('s1', 9000);
  sim.socket('s1', 9001);
  sim.socket('s2', 9000);
  return sim;
}

describe('mapping behaviour', () => {
  it('has an expectation for every preset', () => {
    expect(Object.keys(MAPPING).sort()).toEqual([...PRESET_IDS].sort());
  });

  describe.each(PRESETS.map((p) => [p.id, p] as const))('%s', (id) => {
    const want = MAPPING[id];

    it(`gives a ${want.otherPort} external endpoint toward the same IP on another port and a ${want.otherIp} one toward another IP`, () => {
      const sim = listening(id);
      const first = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
      const otherPort = sim.publicEndpoint('alice', 5000, `${S1}:9001`);
      const otherIp = sim.publicEndpoint('alice', 5000, `${S2}:9000`);
      expect(otherPort.ip).toBe(first.ip);
      expect(otherPort.port === first.port ? 'same' : 'new').toBe(want.otherPort);
      expect(otherIp.port === first.port ? 'same' : 'new').toBe(want.otherIp);
    });

    it(`assigns external ports by "${want.ports}"`, () => {
      const policy = PRESETS.find((p) => p.id === id)?.policy;
      const [lo, hi] = policy?.portRange ?? [0, 0];
      const sim = listening(id);
      const a = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
      const b = sim.publicEndpoint('alice', 5000, `${S2}:9000`);
      switch (want.ports) {
        case 'internal':
          expect(a).toEqual({ ip: ALICE, port: 5000 });
          return;
        case 'preserve':
          expect(a).toEqual({ ip: NAT_WAN, port: 5000 });
          return;
        case 'sequential':
          expect(a).toEqual({ ip: NAT_WAN, port: lo });
          expect(b.port).toBe(lo + 1);
          return;
        case 'random':
        case 'random-per-flow': {
          expect(a.ip).toBe(NAT_WAN);
          expect(a.port).toBeGreaterThanOrEqual(lo);
          expect(a.port).toBeLessThanOrEqual(hi);
          const bySeed = [1, 2, 3, 4].map(
            (seed) => listening(id, seed).publicEndpoint('alice', 5000, `${S1}:9000`).port,
          );
          expect(new Set(bySeed).size).toBeGreaterThan(1);
          return;
        }
      }
    });

    it('keeps two inside hosts with the same source port apart toward one server', () => {
      const sim = listening(id);
      const a = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
      const c = sim.publicEndpoint('carol', 5000, `${S1}:9000`);
      expect(c).not.toEqual(a);
      const back = sim.send('s1', 9000, c, 'to carol');
      expect(sim.fate(back).node).toBe('carol');
    });
  });
});

describe('port clash between two inside hosts', () => {
  const preserving = TRANSLATING.filter((p) => p.policy.portAssignment === 'preserve');

  it.each(preserving.map((p) => [p.id, p] as const))(
    '%s: the second host toward the same server gets a port by the clash rule',
    (id, p) => {
      const sim = listening(id);
      expect(sim.publicEndpoint('alice', 5000, `${S1}:9000`).port).toBe(5000);
      const c = sim.publicEndpoint('carol', 5000, `${S1}:9000`);
      if (p.policy.clash === 'next-free') expect(c.port).toBe(5001);
      else expect(c.port).not.toBe(5000);
      const created = sim.events('mapping-created').map((e) => e.binding);
      expect(created.at(-1)?.internal).toEqual({ ip: CAROL, port: 5000 });
      expect(created.at(-1)?.note).toContain('5000');
    },
  );

  it.each(TRANSLATING.map((p) => [p.id, p] as const))(
    '%s: two hosts, same port, different servers share the external port only with port overloading',
    (id, p) => {
      const sim = listening(id);
      const a = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
      const c = sim.publicEndpoint('carol', 5000, `${S2}:9000`);
      const shares = p.policy.portOverloading && p.policy.portAssignment === 'preserve';
      expect(c.port === a.port).toBe(shares);
      // Replies still reach the right host.
      expect(sim.fate(sim.send('s1', 9000, a, 'to alice')).node).toBe('alice');
      expect(sim.fate(sim.send('s2', 9000, c, 'to carol')).node).toBe('carol');
    },
  );
});

describe('hash-per-destination port assignment', () => {
  const spec = homeTopology({
    preset: 'port-restricted-cone',
    overrides: {
      mapping: 'address-dependent',
      portAssignment: 'hash-per-destination',
      portRange: [20000, 29999],
      lifetimeMs: 1000,
      streamLifetimeMs: 1000,
    },
  });

  it('gives the same port to the same destination again after the mapping expired', () => {
    const sim = new Sim(spec);
    sim.socket('s1', 9000);
    const first = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    sim.settle(5000);
    expect(sim.events('mapping-expired')).toHaveLength(1);
    const again = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    expect(again).toEqual(first);
    expect(first.port).toBeGreaterThanOrEqual(20000);
    expect(first.port).toBeLessThanOrEqual(29999);
  });

  it('gives different destinations different ports, the same in every run', () => {
    const ports = [1, 2].map(() => {
      const sim = new Sim(spec);
      sim.socket('s1', 9000);
      sim.socket('s2', 9000);
      return [
        sim.publicEndpoint('alice', 5000, `${S1}:9000`).port,
        sim.publicEndpoint('alice', 5000, `${S2}:9000`).port,
      ];
    });
    expect(ports[0]?.[0]).not.toBe(ports[0]?.[1]);
    expect(ports[1]).toEqual(ports[0]);
  });
});
