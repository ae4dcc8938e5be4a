/**
 * Static inbound rules and the devices that do not translate: a port forward and a DMZ host set
 * through policy overrides, the open internet, and a stateful firewall (no translation, APD
 * filtering).
 */
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/errors.ts';
import { Network } from '../../src/model/network.ts';
import type { StaticForward } from '../../src/model/nat-policy.ts';
import type { PresetId } from '../../src/model/presets.ts';
import { ALICE, CAROL, homeTopology, NAT_WAN, S1, S2, Sim, TRANSLATING } from './helpers.ts';

const PORT_FORWARD: StaticForward = {
  kind: 'port',
  externalPort: 8080,
  internalIp: ALICE,
  internalPort: 80,
};
const DMZ: StaticForward = { kind: 'dmz', internalIp: CAROL };

function forwarding(id: PresetId, forwards: StaticForward[]): Sim {
  return new Sim(homeTopology({ preset: id, overrides: { forwards } }));
}

describe('port forward', () => {
  it.each(TRANSLATING.map((p) => [p.id] as const))(
    '%s: an unsolicited packet to the forwarded port reaches alice:80, and her reply leaves from it',
    (id) => {
      const sim = forwarding(id, [PORT_FORWARD]);
      sim.socket('alice', 80);
      sim.socket('s2', 9000);
      const inbound = sim.send('s2', 9000, `${NAT_WAN}:8080`, 'GET /');
      const fate = sim.fate(inbound);
      expect(fate.node).toBe('alice');
      expect(fate.packet.dst).toEqual({ ip: ALICE, port: 80 });
      expect(sim.seenFrom(sim.send('alice', 80, `${S2}:9000`, '200 OK'))).toEqual({
        ip: NAT_WAN,
        port: 8080,
      });
    },
  );

  it('is never handed out to a dynamic mapping', () => {
    const sim = forwarding('port-restricted-cone', [PORT_FORWARD]);
    sim.socket('s1', 9000);
    expect(sim.publicEndpoint('carol', 8080, `${S1}:9000`)).toEqual({ ip: NAT_WAN, port: 8081 });
  });

  it('ends in port-unreachable when nothing listens on the internal port', () => {
    const sim = forwarding('full-cone', [PORT_FORWARD]);
    const fate = sim.fate(sim.send('s1', 9000, `${NAT_WAN}:8080`));
    expect(fate).toMatchObject({ delivered: false, node: 'alice', reason: 'port-unreachable' });
  });

  it('rejects a forward to an invalid address as a topology error', () => {
    const spec = homeTopology({
      preset: 'full-cone',
      overrides: { forwards: [{ ...PORT_FORWARD, internalIp: '192.168.1.300' }] },
    });
    expect(() => new Network(spec)).toThrowError(ModelError);
    expect(() => new Network(spec)).toThrowError(/router "nat".*forward.*192\.168\.1\.300/);
  });
});

describe('DMZ host', () => {
  it('receives unsolicited packets on any port, on the same port', () => {
    const sim = forwarding('port-restricted-cone', [DMZ]);
    sim.socket('carol', 4444);
    const fate = sim.fate(sim.send('s2', 9000, `${NAT_WAN}:4444`));
    expect(fate.node).toBe('carol');
    expect(fate.packet.dst).toEqual({ ip: CAROL, port: 4444 });
  });

  it("leaves alice's established flow alone and, like a DNAT rule, takes what it does not match", () => {
    const sim = forwarding('port-restricted-cone', [DMZ]);
    sim.socket('s1', 9000);
    sim.socket('carol', 5000);
    const ext = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    expect(sim.fate(sim.send('s1', 9000, ext)).node).toBe('alice');
    expect(sim.fate(sim.send('s2', 9000, ext)).node).toBe('carol');
  });

  it('yields to a port forward on the forwarded port', () => {
    const sim = forwarding('port-restricted-cone', [DMZ, PORT_FORWARD]);
    sim.socket('alice', 80);
    expect(sim.fate(sim.send('s1', 9000, `${NAT_WAN}:8080`)).node).toBe('alice');
  });
});

describe('open internet', () => {
  it('does not translate and lets anyone in', () => {
    const sim = new Sim(homeTopology('open-internet'));
    sim.socket('s1', 9000);
    expect(sim.publicEndpoint('alice', 5000, `${S1}:9000`)).toEqual({ ip: ALICE, port: 5000 });
    sim.socket('alice', 6000);
    expect(sim.fate(sim.send('s2', 9000, `${ALICE}:6000`)).node).toBe('alice');
    expect(sim.events('translated')).toEqual([]);
  });
});

describe('stateful firewall (no translation, address-and-port-dependent filtering)', () => {
  const firewall = homeTopology({
    preset: 'open-internet',
    overrides: { filtering: 'address-port-dependent', lifetimeMs: 30_000 },
  });

  function opened() {
    const sim = new Sim(firewall);
    sim.socket('s1', 9000);
    sim.socket('alice', 6000);
    const seen = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
    return { sim, seen };
  }

  it('shows the real address and lets replies in', () => {
    const { sim, seen } = opened();
    expect(seen).toEqual({ ip: ALICE, port: 5000 });
    expect(sim.fate(sim.send('s1', 9000, seen)).node).toBe('alice');
  });

  it('drops everything else with the filtering reason', () => {
    const { sim, seen } = opened();
    expect(sim.outcome(sim.send('s1', 9001, seen))).toBe('filtered-port');
    expect(sim.outcome(sim.send('s2', 9000, seen))).toBe('filtered-address');
    expect(sim.outcome(sim.send('s1', 9000, `${ALICE}:6000`))).toBe('no-mapping');
  });

  it('forgets the hole after its lifetime', () => {
    const { sim, seen } = opened();
    sim.runUntil(40_000);
    expect(sim.events('mapping-expired')).toHaveLength(1);
    expect(sim.outcome(sim.send('s1', 9000, seen))).toBe('no-mapping');
  });
});
