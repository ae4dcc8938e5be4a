/**
 * The pcapng writer on real runs: block structure and lengths, padding, one interface per
 * segment, one packet per hop on the segment it crosses, checksums verified by recomputation,
 * the same IPv4 id before and after a NAT, deterministic MACs, timestamps and comments.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioRun, scenarioById } from '../../../src/model/index.ts';
import type { TraceEvent } from '../../../src/model/index.ts';
import {
  formatMac,
  hopSegment,
  macOf,
  segmentsOf,
  tracePcapng,
} from '../../../src/model/pcapng/index.ts';
import { BLOCK, OPT } from '../../../src/model/pcapng/blocks.ts';
import { fold, optionText, readBlocks, readOptions, readPacket } from './read-pcapng.ts';

function run(id: string, nat = {}): { events: readonly TraceEvent[]; bytes: Uint8Array } {
  const s = scenarioById(id);
  const events = new ScenarioRun(s, { nat }).runToEnd();
  return { events, bytes: tracePcapng(s.topology, events) };
}

describe('tracePcapng', () => {
  const { events, bytes } = run('walkthrough');
  const blocks = readBlocks(bytes);
  const topology = scenarioById('walkthrough').topology;
  const segments = segmentsOf(topology);
  const hops = events.filter((e) => e.type === 'forwarded');
  const packets = blocks.filter((b) => b.type === BLOCK.epb).map((b) => readPacket(b.body));

  it('starts with a section header (byte-order magic, version 1.0, unknown length)', () => {
    const shb = blocks[0];
    expect(shb?.type).toBe(BLOCK.shb);
    const v = new DataView(shb!.body.buffer, shb!.body.byteOffset);
    expect(v.getUint32(0, true)).toBe(0x1a2b3c4d);
    expect([v.getUint16(4, true), v.getUint16(6, true)]).toEqual([1, 0]);
    expect(v.getBigInt64(8, true)).toBe(-1n);
    expect(optionText(readOptions(shb!.body.subarray(16)), OPT.shbUserappl)).toBe('Agujero');
  });

  it('has one Ethernet interface per segment, the internet first, then each LAN', () => {
    const idbs = blocks.filter((b) => b.type === BLOCK.idb);
    expect(idbs.map((b) => optionText(readOptions(b.body.subarray(8)), OPT.ifName))).toEqual([
      'internet',
      'bob-nat-lan',
      'alice-nat-lan',
    ]);
    for (const b of idbs) {
      expect(new DataView(b.body.buffer, b.body.byteOffset).getUint16(0, true)).toBe(1);
      const tsresol = readOptions(b.body.subarray(8)).find((o) => o.code === OPT.ifTsresol);
      expect([...tsresol!.value]).toEqual([6]);
    }
    expect(blocks.slice(1, 1 + segments.length).every((b) => b.type === BLOCK.idb)).toBe(true);
  });

  it('pads every block to 32 bits and writes its length at both ends', () => {
    expect(blocks.reduce((n, b) => n + b.length, 0)).toBe(bytes.length);
    for (const b of blocks) expect(b.length % 4).toBe(0);
    expect(packets.some((p) => p.frame.length % 4 !== 0)).toBe(true);
  });

  it('writes one packet per hop, on the interface of the segment it crosses', () => {
    expect(packets).toHaveLength(hops.length);
    hops.forEach((h, i) => {
      const seg = hopSegment(topology, h.from, h.to);
      expect(packets[i]?.iface).toBe(segments.findIndex((s) => s.id === seg));
      expect(packets[i]?.timestamp).toBe(BigInt(Math.round(h.t * 1000)));
      expect(packets[i]?.originalLength).toBe(packets[i]?.frame.length);
    });
  });

  it('frames verify: IPv4 header checksum and UDP checksum recomputed', () => {
    for (const p of packets) {
      const ip = p.frame.subarray(14, 34);
      expect(fold(ip)).toBe(0xffff);
      const udp = p.frame.subarray(34);
      const pseudo = new Uint8Array(12);
      pseudo.set(ip.subarray(12, 20));
      pseudo[9] = 17;
      pseudo[11] = udp.length & 0xff;
      pseudo[10] = udp.length >> 8;
      expect(fold(udp, fold(pseudo))).toBe(0xffff);
    }
  });

  it('shows a NAT rewrite as the same IPv4 id before and after, with changed addresses', () => {
    const [lan, wan] = packets.filter(
      (p) => new DataView(p.frame.buffer, p.frame.byteOffset).getUint16(18) === 1,
    );
    expect(lan?.iface).toBe(1);
    expect(wan?.iface).toBe(0);
    expect([...lan!.frame.subarray(26, 30)]).toEqual([192, 168, 1, 10]);
    expect([...wan!.frame.subarray(26, 30)]).toEqual([54, 93, 229, 24]);
    // TTL drops by one at the router.
    expect(wan!.frame[22]).toBe(lan!.frame[22]! - 1);
  });

  it('gives every node a deterministic MAC per segment', () => {
    expect(formatMac(macOf(topology, 'internet', 'server'))).toBe('02:61:67:00:00:01');
    expect(formatMac(macOf(topology, 'bob-nat', 'bob-nat'))).not.toBe(
      formatMac(macOf(topology, 'internet', 'bob-nat')),
    );
    expect(tracePcapng(topology, events)).toEqual(bytes);
  });

  it("comments each packet with its hop and what happened at the hop's end", () => {
    const comments = packets.map((p) => optionText(p.options, OPT.comment) ?? '');
    expect(comments[0]).toBe(
      '#1 bob -> bob-nat: 192.168.1.10:58888 -> 54.93.249.162:9000 | bob-nat rewrites it (outbound): 192.168.1.10:58888 => 54.93.229.24:58888 -> 54.93.249.162:9000',
    );
    expect(comments.some((c) => c.includes('dropped at bob: socket 58888 is connected'))).toBe(
      true,
    );
    expect(comments.every((c) => /^#\d+ /.test(c))).toBe(true);
  });

  it('puts a dropped packet on the wire up to where it was dropped', () => {
    const failing = run('walkthrough', { 'alice-nat': 'symmetric' });
    const drops = failing.events.filter((e) => e.type === 'dropped');
    expect(drops.length).toBeGreaterThan(0);
    const text = new TextDecoder().decode(failing.bytes);
    for (const d of drops) expect(text).toContain(`dropped at ${d.node}: ${d.detail}`);
  });

  it('has an interface for every LAN under a CGNAT', () => {
    const topo = scenarioById('cgnat-hairpin').topology;
    expect(segmentsOf(topo).map((s) => s.name)).toEqual([
      'internet',
      ...topo.nodes.filter((n) => n.kind === 'router').map((n) => `${n.id}-lan`),
    ]);
  });
});
