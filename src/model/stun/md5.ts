/**
 * MD5 (RFC 1321), written out in plain TypeScript: STUN's long-term credential key is
 * MD5(username ":" realm ":" password) (RFC 8489 §9.2.2), and browsers' WebCrypto has no MD5.
 *
 * MD5 is broken as a general-purpose hash; here it only derives a key, as the RFC requires.
 */

/** MD5 digest length in bytes. */
export const MD5_LENGTH = 16;

/** Per-round left-rotation amounts (RFC 1321 §3.4). */
const SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
  20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
  10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

/** The sine table: T[i] = floor(2^32 * |sin(i + 1)|). */
const SINES = Array.from(
  { length: 64 },
  (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0,
);

/** Pads like SHA-1 but with a little-endian 64-bit bit length. */
function pad(data: Uint8Array): DataView {
  const blocks = Math.ceil((data.length + 9) / 64);
  const buf = new Uint8Array(blocks * 64);
  buf.set(data);
  buf[data.length] = 0x80;
  const view = new DataView(buf.buffer);
  const bits = data.length * 8;
  view.setUint32(buf.length - 8, bits >>> 0, true);
  view.setUint32(buf.length - 4, Math.floor(bits / 0x100000000), true);
  return view;
}

/** Computes the MD5 digest (16 bytes) of `data`. */
export function md5(data: Uint8Array): Uint8Array {
  const view = pad(data);
  const m = new Int32Array(16);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let block = 0; block < view.byteLength; block += 64) {
    for (let i = 0; i < 16; i++) m[i] = view.getInt32(block + 4 * i, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + (SINES[i] as number) + (m[g] as number)) | 0;
      const s = SHIFTS[i] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const out = new Uint8Array(MD5_LENGTH);
  const outView = new DataView(out.buffer);
  [a0, b0, c0, d0].forEach((h, i) => outView.setInt32(4 * i, h, true));
  return out;
}
