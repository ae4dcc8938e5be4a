/**
 * The pcapng container (what dumpcap, tshark and Agujero's export write): sections, each with
 * its own byte order and interfaces; Enhanced, Simple and obsolete Packet Blocks; every other
 * block skipped by its length. Each length is checked against the block and the file.
 */
import type { CaptureFile, CaptureInterface, CapturedFrame } from './container.ts';
import { Reader, checkPacketCount } from './container.ts';
import { CaptureError, MAX_CAPTURE_INTERFACES } from './errors.ts';
import { MAX_FRAME } from './pcap-read.ts';
import { PCAPNG_MAGIC } from './sniff.ts';

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const TYPE = { idb: 1, opb: 2, spb: 3, epb: 6 } as const;
const OPT = { endofopt: 0, ifName: 2, ifDescription: 3, ifTsresol: 9, ifTsoffset: 14 } as const;

/** An interface while its section is read: what the capture keeps, plus its time units. */
interface SectionInterface {
  readonly index: number;
  readonly snapLen: number;
  /** Timestamp units per second. */
  readonly perSecond: number;
  /** Seconds added to every timestamp (if_tsoffset). */
  readonly offsetS: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The options of a block body from `at` to `end`, by code (the first of each code). */
function readOptions(r: Reader, at: number, end: number): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  while (at + 4 <= end) {
    const code = r.u16(at, 'an option code');
    const len = r.u16(at + 2, 'an option length');
    if (code === OPT.endofopt) break;
    if (at + 4 + len > end) {
      throw new CaptureError('bad-length', `option ${code} at byte ${at} runs past its block`);
    }
    if (!out.has(code)) out.set(code, r.slice(at + 4, len, `option ${code}`));
    at += 4 + ((len + 3) & ~3);
  }
  return out;
}

/** if_tsresol: 10^-n seconds, or 2^-n with the top bit set; default microseconds. */
function perSecond(option: Uint8Array | undefined): number {
  if (!option || option.length < 1) return 1e6;
  const v = option[0] as number;
  const n = v & 0x7f;
  if (n > 30) throw new CaptureError('bad-block', `if_tsresol ${v} is not a usable time unit`);
  return v & 0x80 ? 2 ** n : 10 ** n;
}

/** Reads a whole pcapng file. */
export function readPcapng(bytes: Uint8Array): CaptureFile {
  const r = new Reader(bytes, true);
  const interfaces: CaptureInterface[] = [];
  const frames: CapturedFrame[] = [];
  let section: SectionInterface[] = [];
  let sectionIndex = -1;
  let at = 0;
  let blocks = 0;
  while (at < r.length) {
    blocks++;
    r.need(at, 12, `block ${blocks}'s header`);
    const rawType = r.view.getUint32(at, r.littleEndian);
    if (rawType === PCAPNG_MAGIC) {
      // A new section: its byte-order magic says how to read everything up to the next one.
      r.need(at + 8, 4, 'the byte-order magic');
      const bom = r.view.getUint32(at + 8, true);
      if (bom === BYTE_ORDER_MAGIC) r.littleEndian = true;
      else if (bom === 0x4d3c2b1a) r.littleEndian = false;
      else throw new CaptureError('bad-block', `section at byte ${at} has no byte-order magic`);
      section = [];
      sectionIndex++;
    } else if (sectionIndex < 0) {
      throw new CaptureError(
        'not-a-capture',
        'the file does not start with a Section Header Block',
      );
    }
    const type = r.u32(at, `block ${blocks}'s type`);
    const total = r.u32(at + 4, `block ${blocks}'s length`);
    if (total < 12 || total % 4 !== 0 || at + total > r.length) {
      throw new CaptureError(
        at + total > r.length && total >= 12 && total % 4 === 0 ? 'truncated' : 'bad-length',
        `block ${blocks} (type ${type}) at byte ${at} claims ${total} bytes` +
          (at + total > r.length ? `, past the end of the file (${r.length})` : ''),
      );
    }
    if (r.u32(at + total - 4, 'a block trailer') !== total) {
      throw new CaptureError(
        'bad-length',
        `block ${blocks} at byte ${at}: its two lengths differ (${total} and ${r.u32(at + total - 4, 'a block trailer')})`,
      );
    }
    const body = at + 8;
    const end = at + total - 4;
    if (type === TYPE.idb) {
      if (interfaces.length >= MAX_CAPTURE_INTERFACES) {
        throw new CaptureError(
          'too-many-interfaces',
          `more than ${MAX_CAPTURE_INTERFACES} interfaces`,
        );
      }
      r.need(body, 8, 'an Interface Description Block');
      if (end < body + 8)
        throw new CaptureError('bad-length', `interface block at ${at} too short`);
      const options = readOptions(r, body + 8, end);
      const name = options.get(OPT.ifName);
      const description = options.get(OPT.ifDescription);
      const offset = options.get(OPT.ifTsoffset);
      section.push({
        index: interfaces.length,
        snapLen: r.u32(body + 4, 'a snap length'),
        perSecond: perSecond(options.get(OPT.ifTsresol)),
        offsetS:
          offset && offset.length === 8
            ? Number(
                new DataView(offset.buffer, offset.byteOffset, 8).getBigInt64(0, r.littleEndian),
              )
            : 0,
      });
      interfaces.push({
        linkType: r.u16(body, 'a link type'),
        name: name ? utf8.decode(name) : undefined,
        description: description ? utf8.decode(description) : undefined,
        section: sectionIndex,
      });
    } else if (type === TYPE.epb || type === TYPE.opb || type === TYPE.spb) {
      checkPacketCount(frames.length);
      frames.push(packet(r, type, body, end, section, at));
    }
    at += total;
  }
  if (sectionIndex < 0) throw new CaptureError('not-a-capture', 'no Section Header Block');
  return { format: 'pcapng', interfaces, frames };
}

/** One packet block's frame. */
function packet(
  r: Reader,
  type: number,
  body: number,
  end: number,
  section: readonly SectionInterface[],
  at: number,
): CapturedFrame {
  const header = type === TYPE.spb ? 4 : 20;
  if (end < body + header) throw new CaptureError('bad-length', `packet block at ${at} too short`);
  const ifIndex = type === TYPE.spb ? 0 : type === TYPE.opb ? r.u16(body, 'id') : r.u32(body, 'id');
  const iface = section[ifIndex];
  if (!iface) {
    throw new CaptureError(
      'no-interface',
      `packet block at byte ${at} names interface ${ifIndex}, which its section does not describe`,
    );
  }
  let caplen: number;
  let origLen: number;
  let tMs = 0;
  if (type === TYPE.spb) {
    origLen = r.u32(body, 'an original length');
    caplen = Math.min(origLen, end - body - 4, iface.snapLen || Infinity);
  } else {
    const ts = r.u32(body + 4, 'a timestamp') * 2 ** 32 + r.u32(body + 8, 'a timestamp');
    tMs = (ts / iface.perSecond + iface.offsetS) * 1000;
    caplen = r.u32(body + 12, 'a captured length');
    origLen = r.u32(body + 16, 'an original length');
  }
  if (caplen > MAX_FRAME || body + header + caplen > end) {
    throw new CaptureError(
      'bad-length',
      `packet block at byte ${at} claims ${caplen} captured bytes, more than it holds`,
    );
  }
  return { iface: iface.index, tMs, data: r.slice(body + header, caplen, 'a frame'), origLen };
}
