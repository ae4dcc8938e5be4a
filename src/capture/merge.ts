/**
 * Several captures (one per segment, as tcpdump writes them) merged into one pcapng file: one
 * interface per input, named after its segment, and every frame in time order with microsecond
 * timestamps, written with the export's own block writer (src/model/pcapng).
 */
import { OPT, writeSectionHeader } from '../model/pcapng/blocks.ts';
import { writePacket } from '../model/pcapng/blocks.ts';
import { ByteWriter } from '../model/pcapng/bytes.ts';
import type { CaptureFile } from './container.ts';

/** One input: a capture of one segment. */
export interface MergeInput {
  /** The interface name (e.g. `internet`, `alice-nat-lan`). */
  readonly name: string;
  readonly description: string;
  readonly capture: CaptureFile;
}

/** An Interface Description Block of any link type (the model's writer only does Ethernet). */
function writeIdb(w: ByteWriter, linkType: number, name: string, description: string): void {
  const utf8 = new TextEncoder();
  const start = w.length;
  w.u32(1).u32(0).u16(linkType).u16(0).u32(0);
  for (const [code, value] of [
    [OPT.ifName, utf8.encode(name)],
    [OPT.ifDescription, utf8.encode(description)],
    [OPT.ifTsresol, Uint8Array.of(6)],
  ] as const) {
    w.u16(code).u16(value.length).bytes(value).pad32();
  }
  w.u16(OPT.endofopt).u16(0);
  const total = w.length - start + 4;
  w.u32(total);
  w.setU32(start + 4, total);
}

/** The pcapng of `inputs` (each input's first interface gives its link type). */
export function mergeCaptures(inputs: readonly MergeInput[], application = 'Agujero'): Uint8Array {
  const w = new ByteWriter();
  writeSectionHeader(w, [{ code: OPT.shbUserappl, value: application }]);
  const frames: { iface: number; tMs: number; data: Uint8Array; order: number }[] = [];
  inputs.forEach((input, i) => {
    writeIdb(w, input.capture.interfaces[0]?.linkType ?? 1, input.name, input.description);
    for (const f of input.capture.frames) frames.push({ ...f, iface: i, order: frames.length });
  });
  frames.sort((a, b) => a.tMs - b.tMs || a.order - b.order);
  for (const f of frames) writePacket(w, f.iface, BigInt(Math.round(f.tMs * 1000)), f.data);
  return w.finish();
}
