/**
 * Hairpinning: two hosts behind one NAT reaching each other through its external address, for
 * every translating preset as shipped and with hairpinning forced on, and two homes behind one
 * CGNAT reaching each other through the CGNAT's external address.
 *
 *              internet ── s1 203.0.113.10
 *                 │
 *               cgnat 100.64.0.1 ... wan 192.0.2.100
 *            ┌────┴─────┐
 *         home-a      home-b        (100.64.0.2, 100.64.0.3)
 *            │           │
 *          alice        bob          (192.168.1.2, 192.168.1.2)
 */
import { describe, expect, it } from 'vitest';
import type { PresetId } from '../../src/model/presets.ts';
import { PRESET_IDS } from '../../src/model/presets.ts';
import type { NatSpec, TopologySpec } from '../../src/model/topology.ts';
import type { DropReason } from '../../src/model/trace.ts';
import { homeTopology, S1, Sim, TRANSLATING, withOverrides } from './helpers.ts';

type Outcome = 'delivered' | DropReason;

/**
 * With hairpinning on: after alice and carol registered with s1 and each sent one packet to the
 * other's external endpoint, carol's second packet to alice's external endpoint.
 */
const AFTER_MUTUAL_PUNCH = {
  'full-cone': 'delivered',
  'restricted-cone': 'delivered',
  'port-restricted-cone': 'delivered',
  // A new mapping per destination: carol's packet comes from a port alice never sent to.
  symmetric: 'filtered-address',
  // Alice's punch left a conntrack entry on carol's port, so carol's reply clashes.
  'linux-masquerade': 'router-port-closed',
  'linux-masquerade-input-drop': 'delivered',
  'linux-random-fully': 'router-port-closed',
  cgnat: 'delivered',
} as const satisfies Record<Exclude<PresetId, 'open-internet'>, Outcome>;

function punch(nat: NatSpec) {
  const sim = new Sim(homeTopology(nat));
  sim.socket('s1', 9000);
  const a = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
  const c = sim.publicEndpoint('carol', 6000, `${S1}:9000`);
  const first = sim.send('alice', 5000, c, 'alice punches');
  sim.send('carol', 6000, a, 'carol punches');
  const second = sim.send('carol', 6000, a, 'carol again');
  return { sim, a, c, first, second };
}

describe('hairpinning behind one NAT', () => {
  it('has an expectation for every translating preset', () => {
    expect(Object.keys(AFTER_MUTUAL_PUNCH).sort()).toEqual(
      PRESET_IDS.filter((id) => id !== 'open-internet').sort(),
    );
  });

  it.each(TRANSLATING.map((p) => [p.id, p] as const))(
    '%s as shipped: hairpins only if its policy says so',
    (id, p) => {
      const { sim, first } = punch(id);
      const fate = sim.fate(first);
      if (p.policy.hairpinning) {
        expect(fate.reason).not.toBe('hairpin-unsupported');
      } else {
        expect(fate.reason).toBe('hairpin-unsupported');
        expect(fate.node).toBe('nat');
      }
    },
  );

  it.each(TRANSLATING.map((p) => [p.id as Exclude<PresetId, 'open-internet'>] as const))(
    '%s with hairpinning on: a mutual punch through the external address as the table says',
    (id) => {
      const { sim, c, second } = punch(withOverrides(id, { hairpinning: true }));
      expect(sim.outcome(second)).toBe(AFTER_MUTUAL_PUNCH[id]);
      const hairpins = sim.events('translated').filter((e) => e.direction === 'hairpin');
      expect(hairpins.length).toBeGreaterThan(0);
      if (AFTER_MUTUAL_PUNCH[id] === 'delivered' && id !== 'symmetric') {
        // RFC 4787 REQ-9: alice sees carol's external endpoint, not her private one.
        expect(sim.seenFrom(second)).toEqual(c);
      }
    },
  );

  it('full cone with hairpinning delivers the very first packet', () => {
    const { sim, first } = punch(withOverrides('full-cone', { hairpinning: true }));
    expect(sim.fate(first).node).toBe('carol');
  });
});

function cgnatTopology(cgnat: NatSpec, home: NatSpec): TopologySpec {
  const homeRouter = (id: string, wanIp: string) =>
    ({
      kind: 'router',
      id,
      wanIp,
      lanIp: '192.168.1.1',
      lan: '192.168.1.0/24',
      parent: 'cgnat',
      nat: home,
    }) as const;
  return {
    defaultLink: { latencyMs: 5 },
    nodes: [
      { kind: 'host', id: 's1', ip: S1, parent: 'internet' },
      {
        kind: 'router',
        id: 'cgnat',
        wanIp: '192.0.2.100',
        lanIp: '100.64.0.1',
        lan: '100.64.0.0/10',
        parent: 'internet',
        nat: cgnat,
      },
      homeRouter('home-a', '100.64.0.2'),
      homeRouter('home-b', '100.64.0.3'),
      { kind: 'host', id: 'alice', ip: '192.168.1.2', parent: 'home-a' },
      { kind: 'host', id: 'bob', ip: '192.168.1.2', parent: 'home-b' },
    ],
  };
}

describe('two homes behind one CGNAT', () => {
  function register(cgnat: NatSpec) {
    const sim = new Sim(cgnatTopology(cgnat, 'port-restricted-cone'));
    sim.socket('s1', 9000);
    const a = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    const b = sim.publicEndpoint('bob', 5000, `${S1}:9000`);
    return { sim, a, b };
  }

  it("both appear at the CGNAT's external address, on different ports", () => {
    const { a, b } = register('cgnat');
    expect(a.ip).toBe('192.0.2.100');
    expect(b.ip).toBe('192.0.2.100');
    expect(a.port).not.toBe(b.port);
  });

  it('reach each other through the CGNAT external address after a mutual punch', () => {
    const { sim, a, b } = register('cgnat');
    sim.send('alice', 5000, b, 'alice punches');
    const bobs = sim.send('bob', 5000, a, 'bob punches');
    const alices = sim.send('alice', 5000, b, 'hola bob');
    expect(sim.fate(bobs).node).toBe('alice');
    expect(sim.fate(alices).node).toBe('bob');
    expect(sim.seenFrom(alices)).toEqual(a);
    expect(sim.seenFrom(bobs)).toEqual(b);
    const viaCgnat = sim.events('translated').filter((e) => e.node === 'cgnat');
    expect(viaCgnat.some((e) => e.direction === 'hairpin')).toBe(true);
  });

  it('cannot reach each other when the CGNAT does not hairpin', () => {
    const { sim, a, b } = register(withOverrides('cgnat', { hairpinning: false }));
    const ab = sim.send('alice', 5000, b);
    const ba = sim.send('bob', 5000, a);
    for (const id of [ab, ba]) {
      expect(sim.fate(id).reason).toBe('hairpin-unsupported');
      expect(sim.fate(id).node).toBe('cgnat');
    }
  });
});
