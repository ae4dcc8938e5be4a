/**
 * Byte helpers shared by the STUN codec: hex text in and out, concatenation, equality and
 * 4-byte alignment, all on plain Uint8Array so the codec runs unchanged in browsers and Node.
 */

const HEX_DIGITS = '0123456789abcdef';

/**
 * Formats bytes as lowercase hex, two digits per byte, joined by `separator`.
 * @example bytesToHex(new Uint8Array([0x21, 0x12]), ' ') // "21 12"
 */
export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  const parts: string[] = [];
  for (const b of bytes)
    parts.push((HEX_DIGITS[b >>> 4] as string) + (HEX_DIGITS[b & 15] as string));
  return parts.join(separator);
}

/**
 * Parses hex text into bytes. Whitespace, colons, dashes and a leading "0x" are ignored, so
 * the hex dumps printed in RFCs and by Wireshark paste as they are. Returns undefined when
 * a character is not a hex digit or the digit count is odd.
 */
export function hexToBytes(text: string): Uint8Array | undefined {
  const digits = text.replace(/^0x/i, '').replace(/[\s:-]/g, '');
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) return undefined;
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True when both arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when every byte is zero (an empty array counts as all zero). */
export function allZero(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0) return false;
  return true;
}

/** Rounds a length up to the next multiple of 4, the STUN attribute boundary. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** Reads a big-endian unsigned 16-bit number; the caller has checked the bounds. */
export function readU16(bytes: Uint8Array, at: number): number {
  return (((bytes[at] as number) << 8) | (bytes[at + 1] as number)) >>> 0;
}

/** Reads a big-endian unsigned 32-bit number; the caller has checked the bounds. */
export function readU32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] as number) << 24) |
      ((bytes[at + 1] as number) << 16) |
      ((bytes[at + 2] as number) << 8) |
      (bytes[at + 3] as number)) >>>
    0
  );
}

/** Writes a big-endian 16-bit number. */
export function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 8) & 0xff;
  bytes[at + 1] = value & 0xff;
}

/** Writes a big-endian 32-bit number. */
export function writeU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}
