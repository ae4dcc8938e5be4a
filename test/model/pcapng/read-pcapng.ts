/**
 * A minimal pcapng reader for the writer's tests: splits blocks, checks both length fields,
 * and reads options, interfaces and enhanced packets back (little-endian only).
 */

/** One option as read. */
export interface ReadOption {
  readonly code: number;
  readonly value: Uint8Array;
}

/** One block as read. */
export interface ReadBlock {
  readonly type: number;
  readonly offset: number;
  readonly length: number;
  readonly body: Uint8Array;
}

/** Splits `bytes` into blocks; throws when a length is wrong or the ends disagree. */
export function readBlocks(bytes: Uint8Array): ReadBlock[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ReadBlock[] = [];
  for (let at = 0; at < bytes.length;) {
    const type = v.getUint32(at, true);
    const length = v.getUint32(at + 4, true);
    if (length % 4 !== 0 || length < 12 || at + length > bytes.length)
      throw new Error(`bad block length ${length} at ${at}`);
    if (v.getUint32(at + length - 4, true) !== length)
      throw new Error(`trailing length differs at ${at}`);
    out.push({ type, offset: at, length, body: bytes.subarray(at + 8, at + length - 4) });
    at += length;
  }
  return out;
}

/** Reads options from `bytes` (after a block's fixed fields) up to opt_endofopt. */
export function readOptions(bytes: Uint8Array): ReadOption[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ReadOption[] = [];
  for (let at = 0; at < bytes.length;) {
    const code = v.getUint16(at, true);
    const len = v.getUint16(at + 2, true);
    if (code === 0) {
      if (len !== 0 || at + 4 !== bytes.length) throw new Error('bad opt_endofopt');
      return out;
    }
    out.push({ code, value: bytes.subarray(at + 4, at + 4 + len) });
    at += 4 + ((len + 3) & ~3);
  }
  throw new Error('options without opt_endofopt');
}

/** An Enhanced Packet Block's fields. */
export interface ReadPacket {
  readonly iface: number;
  readonly timestamp: bigint;
  readonly frame: Uint8Array;
  readonly originalLength: number;
  readonly options: ReadOption[];
}

/** Reads an EPB's body. */
export function readPacket(body: Uint8Array): ReadPacket {
  const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const captured = v.getUint32(12, true);
  const padded = (captured + 3) & ~3;
  for (let i = 20 + captured; i < 20 + padded; i++)
    if (body[i] !== 0) throw new Error('packet padding is not zero');
  return {
    iface: v.getUint32(0, true),
    timestamp: (BigInt(v.getUint32(4, true)) << 32n) | BigInt(v.getUint32(8, true)),
    frame: body.subarray(20, 20 + captured),
    originalLength: v.getUint32(16, true),
    options: readOptions(body.subarray(20 + padded)),
  };
}

const utf8 = new TextDecoder();

/** The text of the first option with `code`, if any. */
export function optionText(options: readonly ReadOption[], code: number): string | undefined {
  const o = options.find((x) => x.code === code);
  return o && utf8.decode(o.value);
}

/** The one's-complement sum of 16-bit words, folded; 0xffff means the checksum verifies. */
export function fold(bytes: Uint8Array, sum = 0): number {
  for (let i = 0; i < bytes.length; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
