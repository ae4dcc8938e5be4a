/**
 * A run's trace as a pcapng file: one Ethernet interface per network segment (the internet and
 * each LAN), one Enhanced Packet Block per hop with its Ethernet/IPv4/UDP frame, the virtual
 * time as its timestamp and a comment saying what happened at that hop, so the same packet
 * (the same IPv4 id) shows before and after each NAT. Pure: bytes in, bytes out.
 */
import type { TopologySpec } from '../topology.ts';
import type { TraceEvent } from '../trace.ts';
import { OPT, writeInterface, writePacket, writeSectionHeader } from './blocks.ts';
import { ByteWriter } from './bytes.ts';
import { captureRecords } from './capture.ts';
import { explainEnglish } from './explain.ts';
import type { Explain } from './explain.ts';
import { udpFrame } from './frame.ts';
import { macOf, segmentsOf } from './segments.ts';

export type { CaptureRecord, HopEvent } from './capture.ts';
export type { Explain } from './explain.ts';
export { captureRecords } from './capture.ts';
export { explainEnglish } from './explain.ts';
export { internetChecksum, udpChecksum, udpFrame } from './frame.ts';
export { formatMac, hopSegment, macOf, segmentsOf } from './segments.ts';
export type { Segment } from './segments.ts';

/** Options for `tracePcapng`. */
export interface PcapngOptions {
  /** Words each hop event for the packet comments (default: the model's English). */
  readonly explain?: Explain;
  /** Joins a record's sentences into one comment (default ` | `). */
  readonly separator?: string;
  /** The wall-clock time of virtual t = 0, ms since the Unix epoch (default 0). */
  readonly epochMs?: number;
  /** The capturing application named in the section header. */
  readonly application?: string;
}

/** The pcapng file of `events` (a whole run, in order) on `topology`. */
export function tracePcapng(
  topology: TopologySpec,
  events: readonly TraceEvent[],
  options: PcapngOptions = {},
): Uint8Array {
  const explain = options.explain ?? explainEnglish;
  const separator = options.separator ?? ' | ';
  const epochUs = BigInt(Math.round((options.epochMs ?? 0) * 1000));
  const w = new ByteWriter();
  writeSectionHeader(w, [{ code: OPT.shbUserappl, value: options.application ?? 'Agujero' }]);
  const segments = segmentsOf(topology);
  for (const s of segments)
    writeInterface(w, [
      { code: OPT.ifName, value: s.name },
      { code: OPT.ifDescription, value: s.description },
      { code: OPT.ifTsresol, value: Uint8Array.of(6) },
    ]);
  const index = new Map(segments.map((s, i) => [s.id, i]));
  for (const r of captureRecords(topology, events)) {
    const frame = udpFrame(r.packet, {
      srcMac: macOf(topology, r.segment, r.from),
      dstMac: macOf(topology, r.segment, r.to),
      ipId: r.packet.id,
      ttl: r.ttl,
    });
    const comment = r.events.map(explain).join(separator);
    const ts = epochUs + BigInt(Math.round(r.t * 1000));
    writePacket(w, index.get(r.segment) as number, ts, frame, [
      { code: OPT.comment, value: comment },
    ]);
  }
  return w.finish();
}
