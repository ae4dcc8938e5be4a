/**
 * Properties of whole runs (fast-check): the same seed gives the same trace, byte for byte;
 * seeds matter only where a preset or link draws random numbers; and the NAT tables stay
 * consistent: no two live bindings share an external port unless the policy allows port
 * overloading, and even then no two flows share an (external, remote) tuple.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NatPolicy } from '../../src/model/nat-policy.ts';
import { DEPENDENCES, makePolicy } from '../../src/model/nat-policy.ts';
import type { Nat } from '../../src/model/nat.ts';
import { PRESETS } from '../../src/model/presets.ts';
import type { TopologySpec } from '../../src/model/topology.ts';
import { homeTopology, NAT_WAN, S1, S2, Sim, TRANSLATING } from './helpers.ts';

/** Server, alice behind nat-a, bob behind nat-b: the walkthrough's shape. */
function twoNats(a: string, b: string, loss: number): TopologySpec {
  const router = (id: string, wanIp: string, lan: string, nat: string) =>
    ({
      kind: 'router',
      id,
      wanIp,
      lanIp: `${lan}.1`,
      lan: `${lan}.0/24`,
      parent: 'internet',
      nat,
    }) as TopologySpec['nodes'][number];
  return {
    defaultLink: { latencyMs: 15, loss },
    nodes: [
      { kind: 'host', id: 'server', ip: S1, parent: 'internet' },
      router('nat-a', '192.0.2.1', '192.168.0', a),
      router('nat-b', '192.0.2.2', '192.168.1', b),
      { kind: 'host', id: 'alice', ip: '192.168.0.2', parent: 'nat-a' },
      { kind: 'host', id: 'bob', ip: '192.168.1.2', parent: 'nat-b' },
    ],
  };
}

const DESTS = ['203.0.113.10:9000', '192.0.2.1:5000', '192.0.2.2:5000', '192.0.2.1:40000'];
type Step = { from: 'alice' | 'bob' | 'server'; port: number | 0; to: number; gap: number };
const arbStep: fc.Arbitrary<Step> = fc.record({
  from: fc.constantFrom('alice' as const, 'bob' as const, 'server' as const),
  port: fc.constantFrom(0, 5000, 9000),
  to: fc.nat({ max: DESTS.length - 1 }),
  gap: fc.integer({ min: 0, max: 60_000 }),
});

/** Runs a scenario and returns its trace as JSON. */
function traceOf(spec: TopologySpec, steps: readonly Step[], seed: number): string {
  const sim = new Sim(spec, seed);
  sim.socket('server', 9000);
  for (const s of steps) {
    sim.settle(s.gap);
    const sock = s.port === 0 ? sim.net.host(s.from).bind() : sim.socket(s.from, s.port);
    const [ip, port] = (DESTS[s.to] as string).split(':');
    sock.send(new TextEncoder().encode('x'), { ip: ip as string, port: Number(port) });
  }
  sim.settle(300_000);
  return JSON.stringify(sim.trace);
}

const presetIds = PRESETS.map((p) => p.id);

describe('determinism', () => {
  it('the same seed gives the same trace', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...presetIds),
        fc.constantFrom(...presetIds),
        fc.constantFrom(0, 0.2),
        fc.array(arbStep, { maxLength: 25 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (a, b, loss, steps, seed) => {
          const spec = twoNats(a, b, loss);
          expect(traceOf(spec, steps, seed)).toBe(traceOf(spec, steps, seed));
        },
      ),
      { numRuns: 150 },
    );
  });

  const fixed: Step[] = [
    { from: 'alice', port: 5000, to: 0, gap: 0 },
    { from: 'bob', port: 5000, to: 0, gap: 100 },
    { from: 'alice', port: 5000, to: 2, gap: 100 },
  ];

  it.each(PRESETS.map((p) => [p.id, p.policy] as const))(
    '%s: different seeds give different traces exactly when it draws random ports',
    (id, policy) => {
      const traces = new Set([1, 2, 3, 4].map((seed) => traceOf(twoNats(id, id, 0), fixed, seed)));
      const random =
        ['random', 'random-per-flow'].includes(policy.portAssignment) && policy.translate;
      expect(traces.size > 1).toBe(random);
    },
  );

  it('different seeds lose different packets on a lossy link', () => {
    const spec = twoNats('full-cone', 'full-cone', 0.3);
    const steps = Array.from({ length: 20 }, () => fixed[0] as Step);
    expect(traceOf(spec, steps, 1)).not.toBe(traceOf(spec, steps, 2));
  });
});

/** Checks the NAT's indices agree and ports/tuples are unique; returns nothing or throws. */
function checkTables(nat: Nat): void {
  const t = nat.tables;
  const byKey = new Set(t.bindingsByKey.values());
  const byExternal = [...t.bindingsByExternal.values()].flat();
  expect(new Set(byExternal)).toEqual(byKey);
  const ports = new Map<number, number>();
  for (const b of byKey) {
    expect(b.dead).toBe(false);
    ports.set(b.external.port, (ports.get(b.external.port) ?? 0) + 1);
  }
  expect(new Map(t.portUse)).toEqual(ports);
  if (!nat.policy.portOverloading)
    for (const [port, n] of ports) expect(n, `external port ${port}`).toBe(1);
  // Every live flow of every binding is the one flow indexed under its (external, remote).
  for (const b of byKey)
    for (const f of b.flows.values()) {
      expect(f.dead).toBe(false);
      expect(f.external).toEqual(b.external);
      expect(t.flowOutside(f.external.ip, f.external.port, f.remote)).toBe(f);
    }
  for (const f of t.flowsInside.values()) expect(f.dead).toBe(false);
}

const arbPolicy: fc.Arbitrary<NatPolicy> = fc.oneof(
  fc
    .record({
      mapping: fc.constantFrom(...DEPENDENCES),
      portAssignment: fc.constantFrom(
        'preserve' as const,
        'sequential' as const,
        'random' as const,
        'random-per-flow' as const,
        'hash-per-destination' as const,
      ),
      clash: fc.constantFrom('next-free' as const, 'random' as const),
      portOverloading: fc.boolean(),
      inboundCreatesState: fc.boolean(),
      inboundRefresh: fc.boolean(),
    })
    .map((p) => makePolicy({ ...p, portRange: [5000, 5040], lifetimeMs: 20_000 })),
  fc.constantFrom(...TRANSLATING.map((p) => p.policy)),
);

describe('NAT table invariants', () => {
  it('bindings never share an external port unless the policy overloads ports', () => {
    const arbAct = fc.record({
      host: fc.constantFrom('alice', 'carol'),
      port: fc.constantFrom(5000, 5001, 5002),
      remote: fc.constantFrom(`${S1}:9000`, `${S1}:9001`, `${S2}:9000`, `${S2}:9001`),
      inbound: fc.boolean(),
      gap: fc.constantFrom(0, 100, 5_000, 15_000, 25_000),
    });
    fc.assert(
      fc.property(arbPolicy, fc.array(arbAct, { maxLength: 60 }), (policy, acts) => {
        const sim = new Sim(homeTopology(policy));
        const nat = sim.net.nat('nat');
        for (const a of acts) {
          sim.settle(a.gap);
          if (a.inbound) {
            const [ip, port] = a.remote.split(':');
            sim.send(ip === S1 ? 's1' : 's2', Number(port), `${NAT_WAN}:${a.port}`);
          } else sim.send(a.host, a.port, a.remote);
          checkTables(nat);
        }
      }),
      { numRuns: 300 },
    );
  });
});
