/**
 * The NAT tables' number keys (src/model/nat-tables.ts): a NAT behaves the same past the 1,023
 * addresses that get number keys (string keys take over), a port outside 0-65535 never shares a
 * key with a real one, and a NAT without a trace sink (the birthday trials) lets through, drops
 * and translates exactly what a NAT with one does.
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { numberToIp } from '../../src/model/endpoint.ts';
import { Nat } from '../../src/model/nat.ts';
import { NatTables } from '../../src/model/nat-tables.ts';
import type { Packet } from '../../src/model/packet.ts';
import type { PresetId } from '../../src/model/presets.ts';
import { preset, PRESET_IDS } from '../../src/model/presets.ts';
import { createRng } from '../../src/model/rng.ts';
import type { TraceEvent } from '../../src/model/trace.ts';

const WAN = '192.0.2.1';
const HOST = { ip: '192.168.1.2', port: 5000 };
const PAYLOAD = new Uint8Array(1);

function nat(id: PresetId, emit?: (e: TraceEvent) => void): Nat {
  return new Nat({
    node: 'nat',
    externalIp: WAN,
    policy: preset(id).policy,
    rng: createRng(9),
    seed: 9,
    ...(emit && { emit }),
  });
}

let nextId = 1;
const packet = (src: Endpoint, dst: Endpoint): Packet => ({
  id: nextId++,
  src,
  dst,
  payload: PAYLOAD,
});

/** `n` distinct remote endpoints on the internet (10.x addresses, several ports each). */
function remotes(n: number): Endpoint[] {
  return Array.from({ length: n }, (_, i) => ({
    ip: numberToIp(0x0a000000 + 1 + Math.floor(i / 2)),
    port: 9000 + (i % 2),
  }));
}

describe('number keys and their string fallback', () => {
  it.each([
    ['a few addresses', 10],
    ['past the 1,023 numbered addresses', 2400],
  ])('%s: every answer gets in, strangers and wrong ports stay out', (_, count) => {
    const n = nat('port-restricted-cone');
    const peers = remotes(count);
    const out = peers.map((r) => n.outbound(packet(HOST, r), 0));
    const ext = out[0]?.src as Endpoint;
    expect(out.every((p) => p?.src.port === ext.port)).toBe(true);
    for (const r of peers) expect(n.inbound(packet(r, ext), 1)?.dst).toEqual(HOST);
    expect(n.inbound(packet({ ip: '10.200.0.1', port: 9000 }, ext), 1)).toBeNull();
    expect(n.inbound(packet({ ip: peers[0]?.ip as string, port: 9002 }, ext), 1)).toBeNull();
    const last = peers[peers.length - 1] as Endpoint;
    expect(n.inbound(packet({ ip: last.ip, port: 9002 }, ext), 1)).toBeNull();
    expect(n.tables.bindings()).toHaveLength(1);
    expect(n.tables.flows()).toHaveLength(count);
    for (const f of n.tables.flows())
      expect(n.tables.flowOutside(f.external.ip, f.external.port, f.remote)).toBe(f);
  });

  it('a port outside 0-65535 never shares the key of the next address', () => {
    // 192.0.2.1 is address 1, 192.0.2.2 address 2: 1 * 65536 + 65541 would be 2 * 65536 + 5.
    const t = new NatTables();
    const odd = t.endpointKey('192.0.2.1', 65_541);
    expect(t.endpointKey('192.0.2.2', 5)).not.toBe(odd);
    expect(t.endpointKey('192.0.2.1', 65_541)).toBe(odd);
    const pair = t.pairKey('192.0.2.1', 65_541, '192.0.2.2', 1);
    expect(t.pairKey('192.0.2.2', 5, '192.0.2.2', 1)).not.toBe(pair);
    expect(t.pairKey('192.0.2.2', 1, '192.0.2.1', 65_541)).not.toBe(
      t.pairKey('192.0.2.2', 2, '192.0.2.2', 5),
    );
  });

  it('a port outside 0-65535 never lands on the key of a real port', () => {
    const n = nat('symmetric');
    const server = { ip: '203.0.113.10', port: 9000 };
    const real = n.outbound(packet({ ip: HOST.ip, port: 5 }, server), 0);
    const odd = n.outbound(packet({ ip: HOST.ip, port: 65_536 + 5 }, server), 0);
    expect(n.tables.bindings()).toHaveLength(2);
    expect(odd?.src.port).not.toBe(real?.src.port);
    expect(n.inbound(packet(server, real?.src as Endpoint), 1)?.dst.port).toBe(5);
    expect(n.inbound(packet(server, odd?.src as Endpoint), 1)?.dst.port).toBe(65_541);
  });
});

describe('a NAT without a trace sink', () => {
  it.each(PRESET_IDS.map((id) => [id]))('%s: same packets, same tables', (id) => {
    const events: TraceEvent[] = [];
    const traced = nat(id, (e) => events.push(e));
    const silent = nat(id);
    const server = { ip: '203.0.113.10', port: 9000 };
    const script = (n: Nat) => {
      const seen: (Packet | null)[] = [];
      for (let t = 0; t < 6; t++) {
        const src = { ip: HOST.ip, port: 5000 + (t % 3) };
        const out = n.outbound(packet(src, { ...server, port: 9000 + (t % 2) }), t * 40_000);
        seen.push(out);
        const ext = out?.src ?? { ip: WAN, port: 5000 };
        seen.push(n.inbound(packet(server, ext), t * 40_000 + 10));
        seen.push(n.inbound(packet({ ip: '198.51.100.20', port: 7 }, ext), t * 40_000 + 20));
      }
      return seen.map((p) => p && { src: p.src, dst: p.dst });
    };
    expect(script(silent)).toEqual(script(traced));
    expect(silent.tables.bindings()).toEqual(traced.tables.bindings());
    expect(silent.tables.flows()).toEqual(traced.tables.flows());
    expect(events.length).toBeGreaterThan(0);
  });
});
