/**
 * The Linux clash measured in DESIGN.md, on the walkthrough's addresses: with INPUT accepting,
 * Alice's stray "upd hole" leaves a conntrack entry on Bob's router, so Bob's reply toward Alice
 * goes out from another port and never reaches her; with the INPUT drop rule Bob keeps 58888.
 *
 *                          internet
 *          ┌──────────────────┼──────────────────┐
 *        server            bob-nat            alice-nat
 *    54.93.249.162      54.93.229.24       82.230.120.113
 *                            │                   │
 *                           bob                alice
 *                       192.168.1.2         192.168.0.2
 */
import { describe, expect, it } from 'vitest';
import type { PresetId } from '../../src/model/presets.ts';
import type { NatSpec, TopologySpec } from '../../src/model/topology.ts';
import { Sim } from './helpers.ts';

const SERVER = '54.93.249.162:9000';
const BOB_PUBLIC = '54.93.229.24:58888';
const ALICE_PUBLIC = '82.230.120.113:53333';

function walkthrough(bobNat: NatSpec, aliceNat: NatSpec = 'port-restricted-cone'): TopologySpec {
  return {
    nodes: [
      { kind: 'host', id: 'server', ip: '54.93.249.162', parent: 'internet' },
      {
        kind: 'router',
        id: 'bob-nat',
        wanIp: '54.93.229.24',
        lanIp: '192.168.1.1',
        lan: '192.168.1.0/24',
        parent: 'internet',
        nat: bobNat,
      },
      {
        kind: 'router',
        id: 'alice-nat',
        wanIp: '82.230.120.113',
        lanIp: '192.168.0.1',
        lan: '192.168.0.0/24',
        parent: 'internet',
        nat: aliceNat,
      },
      { kind: 'host', id: 'bob', ip: '192.168.1.2', parent: 'bob-nat' },
      { kind: 'host', id: 'alice', ip: '192.168.0.2', parent: 'alice-nat' },
    ],
  };
}

/** Both register with the server, Alice punches toward Bob, Bob answers from 58888. */
function seedOrder(bobNat: PresetId, aliceNat: PresetId = 'port-restricted-cone') {
  const sim = new Sim(walkthrough(bobNat, aliceNat));
  sim.socket('server', 9000);
  const bob = sim.publicEndpoint('bob', 58888, SERVER);
  const alice = sim.publicEndpoint('alice', 53333, SERVER);
  const hole = sim.send('alice', 53333, BOB_PUBLIC, 'upd hole');
  const reply = sim.send('bob', 58888, ALICE_PUBLIC, 'soy Bob');
  return { sim, bob, alice, hole, reply };
}

function bobNatView(sim: Sim) {
  return sim.net.natViews().find((v) => v.node === 'bob-nat');
}

describe('the Linux clash (MASQUERADE with INPUT accepting)', () => {
  it('the server sees both at their preserved ports', () => {
    const { bob, alice } = seedOrder('linux-masquerade');
    expect(`${bob.ip}:${bob.port}`).toBe(BOB_PUBLIC);
    expect(`${alice.ip}:${alice.port}`).toBe(ALICE_PUBLIC);
  });

  it("Alice's stray packet creates a 'local' conntrack flow on Bob's router", () => {
    const { sim, hole } = seedOrder('linux-masquerade');
    expect(sim.fate(hole)).toMatchObject({ delivered: false, node: 'bob-nat' });
    expect(sim.fate(hole).reason).toBe('router-port-closed');
    const local = bobNatView(sim)?.flows.filter((f) => f.kind === 'local');
    expect(local?.map((f) => [f.external, f.remote])).toEqual([
      [
        { ip: '54.93.229.24', port: 58888 },
        { ip: '82.230.120.113', port: 53333 },
      ],
    ]);
  });

  it("Bob's reply leaves from another port, with a binding note naming the clash, and Alice never gets it", () => {
    const { sim, reply } = seedOrder('linux-masquerade');
    const out = sim.events('translated').find((e) => e.node === 'bob-nat' && e.after.id === reply);
    expect(out?.after.src.ip).toBe('54.93.229.24');
    expect(out?.after.src.port).not.toBe(58888);
    const clash = bobNatView(sim)?.bindings.find((b) => b.note !== undefined);
    expect(clash?.external.port).toBe(out?.after.src.port);
    expect(clash?.note).toMatch(/clash/);
    expect(clash?.note).toContain('58888');
    expect(clash?.note).toContain('conntrack');
    // Alice's port-restricted NAT never sent to that port.
    expect(sim.fate(reply)).toMatchObject({ delivered: false, node: 'alice-nat' });
    expect(sim.fate(reply).reason).toBe('filtered-port');
    expect(sim.socket('alice', 53333).received).toEqual([]);
  });

  it('also clashes when Bob had no mapping yet (no registration first)', () => {
    const sim = new Sim(walkthrough('linux-masquerade'));
    sim.socket('server', 9000);
    sim.publicEndpoint('alice', 53333, SERVER);
    sim.send('alice', 53333, BOB_PUBLIC, 'upd hole');
    const reply = sim.send('bob', 58888, ALICE_PUBLIC, 'soy Bob');
    const out = sim.events('translated').find((e) => e.node === 'bob-nat' && e.after.id === reply);
    expect(out?.after.src.port).not.toBe(58888);
    const binding = bobNatView(sim)?.bindings[0];
    expect(binding?.note).toMatch(/clash/);
    expect(binding?.note).toContain('58888');
    expect(binding?.external.port).toBe(out?.after.src.port);
    // The first mapping of 58888 (no other flow held one): later flows reuse it, as the kernel does.
    expect(binding?.keyRemote).toBeUndefined();
  });

  it('a later flow toward the server reuses the clash port, the newest mapping of 58888 (as the kernel does: agujero verify clash/inbound-first)', () => {
    const sim = new Sim(walkthrough('linux-masquerade'));
    sim.socket('server', 9000);
    sim.publicEndpoint('alice', 53333, SERVER);
    sim.send('alice', 53333, BOB_PUBLIC, 'upd hole');
    const reply = sim.send('bob', 58888, ALICE_PUBLIC, 'soy Bob');
    const out = sim.events('translated').find((e) => e.node === 'bob-nat' && e.after.id === reply);
    const bob = sim.publicEndpoint('bob', 58888, SERVER);
    expect(bob.port).not.toBe(58888);
    expect(bob.port).toBe(out?.after.src.port);
  });

  it('keeps using 58888 toward the server after the clash', () => {
    const { sim } = seedOrder('linux-masquerade');
    const again = sim.publicEndpoint('bob', 58888, SERVER);
    expect(`${again.ip}:${again.port}`).toBe(BOB_PUBLIC);
  });
});

describe('the fix: MASQUERADE with INPUT dropping NEW', () => {
  it("Alice's stray packet is filtered without leaving state, and Bob's reply keeps 58888 and reaches Alice", () => {
    const { sim, hole, reply } = seedOrder('linux-masquerade-input-drop');
    expect(sim.fate(hole).reason).toBe('filtered-address');
    expect(bobNatView(sim)?.flows.some((f) => f.kind === 'local')).toBe(false);
    const out = sim.events('translated').find((e) => e.node === 'bob-nat' && e.after.id === reply);
    expect(`${out?.after.src.ip}:${out?.after.src.port}`).toBe(BOB_PUBLIC);
    expect(sim.fate(reply).node).toBe('alice');
    const got = sim.socket('alice', 53333).received.at(-1);
    expect(new TextDecoder().decode(got?.payload)).toBe('soy Bob');
  });

  it('with both routers as MASQUERADE + INPUT drop, the punch works both ways', () => {
    const { sim, reply } = seedOrder('linux-masquerade-input-drop', 'linux-masquerade-input-drop');
    expect(sim.fate(reply).node).toBe('alice');
    const back = sim.send('alice', 53333, BOB_PUBLIC, 'hola Bob');
    expect(sim.fate(back).node).toBe('bob');
  });
});
