/**
 * Mapping lifetime, table-driven over every translating preset: idle mappings expire at exactly
 * their deadline on the virtual clock, keepalives hold them, Linux's 30 s unreplied vs 120 s
 * stream timeouts, and whether inbound traffic refreshes a mapping.
 *
 * Timing: alice sends at t=0, the packet reaches the NAT at t=10 (10 ms link), so the mapping is
 * created at t=10; a packet from s1 reaches the NAT 20 ms after it is sent.
 */
import { describe, expect, it } from 'vitest';
import type { NatPolicy } from '../../src/model/nat-policy.ts';
import type { DropReason } from '../../src/model/trace.ts';
import { homeTopology, S1, Sim, TRANSLATING, withOverrides } from './helpers.ts';

const CREATED_AT = 10;

/** Why an inbound packet to an expired mapping is dropped under this policy. */
function goneReason(policy: NatPolicy): DropReason {
  return policy.inboundCreatesState ? 'router-port-closed' : 'no-mapping';
}

describe.each(TRANSLATING.map((p) => [p.id, p] as const))('%s', (id, p) => {
  const life = p.policy.lifetimeMs;

  it(`expires an idle mapping at exactly creation + ${life} ms, then drops inbound`, () => {
    const sim = new Sim(homeTopology(id));
    sim.socket('s1', 9000);
    const ext = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    sim.runUntil(CREATED_AT + life - 1);
    expect(sim.events('mapping-expired')).toHaveLength(0);
    sim.runUntil(CREATED_AT + life);
    const expired = sim.events('mapping-expired');
    expect(expired).toHaveLength(1);
    expect(expired[0]?.t).toBe(CREATED_AT + life);
    expect(expired[0]?.binding.external).toEqual(ext);
    expect(sim.net.natViews()[0]?.bindings).toEqual([]);
    expect(sim.outcome(sim.send('s1', 9000, ext))).toBe(goneReason(p.policy));
  });

  it('holds the mapping with a keepalive every lifetime - 1 s', () => {
    const sim = new Sim(homeTopology(id));
    sim.socket('s1', 9000);
    const every = life - 1000;
    const seen = [];
    for (let k = 0; k <= 5; k++) {
      sim.runUntil(k * every);
      seen.push(sim.seenFrom(sim.send('alice', 5000, `${S1}:9000`, 'keepalive')));
    }
    expect(sim.events('mapping-expired')).toHaveLength(0);
    expect(sim.events('mapping-created')).toHaveLength(1);
    expect(new Set(seen.map((e) => `${e.ip}:${e.port}`)).size).toBe(1);
    expect(sim.outcome(sim.send('s1', 9000, seen[0] ?? S1))).toBe('delivered');
  });

  it('creates a new mapping when the inside host talks again after expiry', () => {
    const sim = new Sim(homeTopology(id));
    sim.socket('s1', 9000);
    const before = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    sim.runUntil(CREATED_AT + life + 1000);
    const after = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    const created = sim.events('mapping-created');
    expect(created).toHaveLength(2);
    expect(created[1]?.binding.id).not.toBe(created[0]?.binding.id);
    if (p.policy.portAssignment === 'preserve') expect(after).toEqual(before);
  });

  describe.each([true, false])('with inboundRefresh %s', (inboundRefresh) => {
    it(
      inboundRefresh ? 'inbound traffic alone keeps it' : 'inbound traffic does not keep it',
      () => {
        const policy = { ...p.policy, inboundRefresh };
        const sim = new Sim(homeTopology(withOverrides(id, { inboundRefresh })));
        sim.socket('alice', 5000);
        sim.socket('s1', 9000);
        const ext = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
        const end = CREATED_AT + 3 * policy.streamLifetimeMs;
        const outcomes: string[] = [];
        for (let t = 1000; t < end; t += life / 2) {
          sim.runUntil(t);
          outcomes.push(`${t}:${sim.outcome(sim.send('s1', 9000, ext, 'in'))}`);
        }
        sim.runUntil(end);
        const expired = sim.events('mapping-expired');
        if (inboundRefresh) {
          expect(expired).toHaveLength(0);
          expect(outcomes.every((o) => o.endsWith(':delivered'))).toBe(true);
        } else {
          expect(expired[0]?.t).toBe(CREATED_AT + life);
          const late = outcomes.filter((o) => Number(o.split(':')[0]) + 20 >= CREATED_AT + life);
          expect(late.length).toBeGreaterThan(0);
          for (const o of late) expect(o.split(':')[1]).toBe(goneReason(policy));
        }
      },
    );
  });
});

describe.each(TRANSLATING.filter((p) => p.id.startsWith('linux-')).map((p) => [p.id] as const))(
  '%s conntrack timeouts',
  (id) => {
    it('expires an unreplied flow after 30 s', () => {
      const sim = new Sim(homeTopology(id));
      sim.socket('s1', 9000);
      sim.send('alice', 5000, `${S1}:9000`);
      sim.runUntil(200_000);
      expect(sim.events('mapping-expired').map((e) => e.t)).toEqual([CREATED_AT + 30_000]);
      expect(sim.events('flow-expired').map((e) => e.t)).toEqual([CREATED_AT + 30_000]);
    });

    it('keeps a replied (stream) flow 120 s after the last packet', () => {
      const sim = new Sim(homeTopology(id));
      sim.socket('s1', 9000);
      const ext = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
      sim.runUntil(5000);
      const reply = sim.send('s1', 9000, ext, 'reply');
      expect(sim.outcome(reply)).toBe('delivered');
      const arrived = sim.trace.find(
        (e) => e.type === 'translated' && e.direction === 'inbound' && e.before.id === reply,
      );
      expect(arrived?.t).toBe(5020);
      const flow = sim.net.natViews()[0]?.flows[0];
      expect(flow?.replied).toBe(true);
      expect(flow?.expiresAt).toBe(5020 + 120_000);
      sim.runUntil(400_000);
      expect(sim.events('mapping-expired').map((e) => e.t)).toEqual([5020 + 120_000]);
    });
  },
);
