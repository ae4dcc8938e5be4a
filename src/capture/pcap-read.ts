/**
 * The classic pcap container (libpcap, what `tcpdump -w` writes): a 24-byte file header with
 * the byte order, time unit and link type, then one 16-byte record header per frame.
 */
import type { CaptureFile, CapturedFrame } from './container.ts';
import { Reader, checkPacketCount } from './container.ts';
import { CaptureError } from './errors.ts';
import { sniffCapture } from './sniff.ts';

const FILE_HEADER = 24;
const RECORD_HEADER = 16;
/** The largest frame a record may claim (bytes): the largest snap length tools write. */
export const MAX_FRAME = 262_144;

/** Reads a whole pcap file. */
export function readPcap(bytes: Uint8Array): CaptureFile {
  const kind = sniffCapture(bytes);
  if (kind?.kind !== 'pcap') throw new CaptureError('not-a-capture', 'no pcap magic number');
  const r = new Reader(bytes, kind.littleEndian);
  r.need(0, FILE_HEADER, 'the pcap file header');
  const major = r.u16(4, 'the pcap version');
  if (major !== 2) throw new CaptureError('bad-block', `pcap version ${major}, expected 2`);
  // The link type is the low 16 bits; the upper ones may carry FCS flags.
  const linkType = r.u32(20, 'the pcap link type') & 0xffff;
  const divisor = kind.nanos ? 1e6 : 1e3;
  const frames: CapturedFrame[] = [];
  let at = FILE_HEADER;
  while (at < r.length) {
    checkPacketCount(frames.length);
    const what = `record ${frames.length + 1}'s header`;
    r.need(at, RECORD_HEADER, what);
    const sec = r.u32(at, what);
    const frac = r.u32(at + 4, what);
    const incl = r.u32(at + 8, what);
    const orig = r.u32(at + 12, what);
    if (incl > MAX_FRAME) {
      throw new CaptureError(
        'bad-length',
        `record ${frames.length + 1} at byte ${at} claims ${incl} captured bytes (at most ${MAX_FRAME})`,
      );
    }
    const data = r.slice(at + RECORD_HEADER, incl, `record ${frames.length + 1}'s frame`);
    frames.push({ iface: 0, tMs: sec * 1000 + frac / divisor, data, origLen: orig });
    at += RECORD_HEADER + incl;
  }
  return { format: 'pcap', interfaces: [{ linkType, section: 0 }], frames };
}
