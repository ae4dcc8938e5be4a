/**
 * CRC-32 (the ISO-HDLC / zlib / Ethernet one: reflected polynomial 0xEDB88320, initial and
 * final XOR 0xFFFFFFFF), which STUN's FINGERPRINT attribute XORs with 0x5354554E
 * (RFC 8489 §14.7).
 */

/** One table entry per byte value: the CRC remainder of that byte alone. */
const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * Computes the CRC-32 of `data` (an unsigned 32-bit number). Pass the CRC of the bytes before
 * `data` as `previous` to continue a computation, as zlib's crc32 does.
 * @example crc32(new TextEncoder().encode('123456789')) // 0xcbf43926
 */
export function crc32(data: Uint8Array, previous = 0): number {
  let crc = ~previous;
  for (let i = 0; i < data.length; i++) {
    crc = (TABLE[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}
