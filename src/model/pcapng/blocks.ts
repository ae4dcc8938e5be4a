/**
 * pcapng blocks (draft-ietf-opsawg-pcapng): the Section Header Block, Interface Description
 * Blocks and Enhanced Packet Blocks, little-endian, each option and body padded to 32 bits and
 * each block's total length written at both ends.
 */
import type { ByteWriter } from './bytes.ts';

/** Block type codes. */
export const BLOCK = { shb: 0x0a0d0d0a, idb: 0x00000001, epb: 0x00000006 } as const;
/** The byte-order magic a reader uses to detect endianness. */
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** LINKTYPE_ETHERNET. */
export const LINKTYPE_ETHERNET = 1;
/** Option codes used here. */
export const OPT = {
  endofopt: 0,
  comment: 1,
  shbUserappl: 4,
  ifName: 2,
  ifDescription: 3,
  ifTsresol: 9,
} as const;

const utf8 = new TextEncoder();

/** One option: its code and value (text is written as UTF-8). */
export interface BlockOption {
  readonly code: number;
  readonly value: Uint8Array | string;
}

/** Writes options, each padded to 32 bits, then opt_endofopt (nothing when there are none). */
function writeOptions(w: ByteWriter, options: readonly BlockOption[]): void {
  if (options.length === 0) return;
  for (const o of options) {
    const value = typeof o.value === 'string' ? utf8.encode(o.value) : o.value;
    if (value.length > 0xffff) throw new RangeError(`pcapng option ${o.code} is too long`);
    w.u16(o.code).u16(value.length).bytes(value).pad32();
  }
  w.u16(OPT.endofopt).u16(0);
}

/** Writes one block: type, total length, body, options, total length again. */
function writeBlock(
  w: ByteWriter,
  type: number,
  body: (w: ByteWriter) => void,
  options: readonly BlockOption[],
): void {
  const start = w.length;
  w.u32(type).u32(0);
  body(w);
  w.pad32();
  writeOptions(w, options);
  const total = w.length - start + 4;
  w.u32(total);
  w.setU32(start + 4, total);
}

/** A Section Header Block, version 1.0, section length unknown (-1). */
export function writeSectionHeader(w: ByteWriter, options: readonly BlockOption[] = []): void {
  writeBlock(
    w,
    BLOCK.shb,
    (b) => b.u32(BYTE_ORDER_MAGIC).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff),
    options,
  );
}

/** An Interface Description Block (Ethernet, no snap length limit). */
export function writeInterface(w: ByteWriter, options: readonly BlockOption[] = []): void {
  writeBlock(w, BLOCK.idb, (b) => b.u16(LINKTYPE_ETHERNET).u16(0).u32(0), options);
}

/** An Enhanced Packet Block: interface index, timestamp in the interface's units, the frame. */
export function writePacket(
  w: ByteWriter,
  iface: number,
  timestamp: bigint,
  frame: Uint8Array,
  options: readonly BlockOption[] = [],
): void {
  writeBlock(
    w,
    BLOCK.epb,
    (b) =>
      b
        .u32(iface)
        .u32(Number(timestamp >> 32n))
        .u32(Number(timestamp & 0xffffffffn))
        .u32(frame.length)
        .u32(frame.length)
        .bytes(frame),
    options,
  );
}
