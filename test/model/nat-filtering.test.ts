/**
 * Filtering behaviour, table-driven over every preset: after alice sends one packet to s1:9000,
 * which inbound packets to her external endpoint get in, and the exact reason for each drop.
 */
import { describe, expect, it } from 'vitest';
import type { PresetId } from '../../src/model/presets.ts';
import { PRESET_IDS, PRESETS } from '../../src/model/presets.ts';
import type { DropReason } from '../../src/model/trace.ts';
import { ALICE, homeTopology, NAT_WAN, S1, S2, Sim } from './helpers.ts';

type Outcome = 'delivered' | DropReason;

/** Inbound to alice's external endpoint from: s1:9000 (where she sent), s1:9001, s2:9000. */
const FILTERING = {
  'open-internet': { same: 'delivered', otherPort: 'delivered', otherIp: 'delivered' },
  'full-cone': { same: 'delivered', otherPort: 'delivered', otherIp: 'delivered' },
  'restricted-cone': { same: 'delivered', otherPort: 'delivered', otherIp: 'filtered-address' },
  'port-restricted-cone': {
    same: 'delivered',
    otherPort: 'filtered-port',
    otherIp: 'filtered-address',
  },
  symmetric: { same: 'delivered', otherPort: 'filtered-port', otherIp: 'filtered-address' },
  'linux-masquerade': {
    same: 'delivered',
    otherPort: 'router-port-closed',
    otherIp: 'router-port-closed',
  },
  'linux-masquerade-input-drop': {
    same: 'delivered',
    otherPort: 'filtered-port',
    otherIp: 'filtered-address',
  },
  'linux-random-fully': {
    same: 'delivered',
    otherPort: 'router-port-closed',
    otherIp: 'router-port-closed',
  },
  cgnat: { same: 'delivered', otherPort: 'filtered-port', otherIp: 'filtered-address' },
} as const satisfies Record<PresetId, { same: Outcome; otherPort: Outcome; otherIp: Outcome }>;

const PROBES = [
  ['same', 's1', 9000],
  ['otherPort', 's1', 9001],
  ['otherIp', 's2', 9000],
] as const;

/** A fresh network where alice:5000 has sent one packet to s1:9000; returns it and her endpoint. */
function afterOneOutbound(id: PresetId) {
  const sim = new Sim(homeTopology(id));
  sim.socket('s1', 9000);
  const ext = sim.publicEndpoint('alice', 5000, `${S1}:9000`);
  return { sim, ext };
}

describe('filtering behaviour', () => {
  it('has an expectation for every preset', () => {
    expect(Object.keys(FILTERING).sort()).toEqual([...PRESET_IDS].sort());
  });

  describe.each(PRESETS.map((p) => [p.id, p] as const))('%s', (id, p) => {
    it.each(PROBES)('inbound from the %s remote: as the table says', (probe, host, port) => {
      const { sim, ext } = afterOneOutbound(id);
      const packet = sim.send(host, port, ext, 'hola');
      const fate = sim.fate(packet);
      expect(fate.delivered ? 'delivered' : fate.reason).toBe(FILTERING[id][probe]);
      if (fate.delivered) {
        expect(fate.node).toBe('alice');
        expect(fate.packet.dst).toEqual({ ip: ALICE, port: 5000 });
      } else expect(fate.node).toBe('nat');
    });

    it('drops an unsolicited packet to a port nobody mapped', () => {
      const { sim } = afterOneOutbound(id);
      const target = p.policy.translate ? `${NAT_WAN}:7777` : `${ALICE}:7777`;
      const fate = sim.fate(sim.send('s1', 9000, target));
      const want: DropReason = !p.policy.translate
        ? 'port-unreachable'
        : p.policy.inboundCreatesState
          ? 'router-port-closed'
          : 'no-mapping';
      expect(fate.reason).toBe(want);
    });

    if (p.policy.inboundCreatesState) {
      it("keeps a 'local' conntrack flow for the stray packet", () => {
        const { sim, ext } = afterOneOutbound(id);
        sim.send('s2', 9000, ext);
        const local = sim.net.natViews()[0]?.flows.filter((f) => f.kind === 'local') ?? [];
        expect(local).toHaveLength(1);
        expect(local[0]?.external).toEqual(ext);
        expect(local[0]?.remote).toEqual({ ip: S2, port: 9000 });
      });
    }
  });

  it('names the drop reasons of a filtered packet in its detail text', () => {
    const { sim, ext } = afterOneOutbound('port-restricted-cone');
    const drop = sim.events('dropped')[0];
    expect(drop).toBeUndefined();
    sim.send('s2', 9000, ext);
    const d = sim.events('dropped')[0];
    expect(d?.detail).toContain(`${S2}:9000`);
    expect(d?.detail).toContain(`${ext.ip}:${ext.port}`);
  });

  it('reports the closest miss when several mappings share the port (port overloading)', () => {
    // alice:5000 -> s1:9001 and carol:5000 -> s2:9000 share external port 5000; s1:9000 is only
    // a port away from what alice sent to, whatever order the mappings were made in.
    for (const order of [
      ['alice', 'carol'],
      ['carol', 'alice'],
    ] as const) {
      const sim = new Sim(homeTopology('linux-masquerade-input-drop'));
      sim.socket('s1', 9001);
      sim.socket('s2', 9000);
      const dst = { alice: `${S1}:9001`, carol: `${S2}:9000` };
      const ext = order.map((h) => sim.publicEndpoint(h, 5000, dst[h]));
      expect(ext[0]).toEqual(ext[1]);
      expect(sim.outcome(sim.send('s1', 9000, `${NAT_WAN}:5000`))).toBe('filtered-port');
    }
  });

  it('lets a permitted remote in and keeps it in once it is a flow, even from a new port later', () => {
    // Restricted cone: s1:9001 gets in because alice sent to s1; its flow then carries replies.
    const { sim, ext } = afterOneOutbound('restricted-cone');
    sim.socket('s1', 9001);
    expect(sim.outcome(sim.send('s1', 9001, ext))).toBe('delivered');
    const reply = sim.send('alice', 5000, `${S1}:9001`);
    expect(sim.seenFrom(reply)).toEqual(ext);
    const flows = sim.net.natViews()[0]?.flows ?? [];
    expect(flows.map((f) => `${f.remote.port}:${f.replied}`).sort()).toEqual([
      '9000:false',
      '9001:true',
    ]);
  });
});
