/**
 * SHA-1 (FIPS 180-4), written out in plain TypeScript so MESSAGE-INTEGRITY can be computed
 * synchronously in the browser, where WebCrypto only offers an asynchronous digest.
 *
 * SHA-1 is broken for collision resistance; STUN still uses it inside HMAC (RFC 8489 §14.5),
 * where that weakness does not apply.
 */

/** SHA-1 digest length in bytes. */
export const SHA1_LENGTH = 20;

/** SHA-1 block length in bytes (what HMAC pads keys to). */
export const SHA1_BLOCK = 64;

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n));

/** Pads a message the Merkle-Damgard way: 0x80, zeros, then the 64-bit big-endian bit length. */
function pad(data: Uint8Array): DataView {
  const blocks = Math.ceil((data.length + 9) / 64);
  const buf = new Uint8Array(blocks * 64);
  buf.set(data);
  buf[data.length] = 0x80;
  const view = new DataView(buf.buffer);
  const bits = data.length * 8;
  view.setUint32(buf.length - 8, Math.floor(bits / 0x100000000));
  view.setUint32(buf.length - 4, bits >>> 0);
  return view;
}

/** The message schedule, reused between calls (the function never re-enters itself). */
const W = new Int32Array(80);

/** Computes the SHA-1 digest (20 bytes) of `data`. */
export function sha1(data: Uint8Array): Uint8Array {
  const view = pad(data);
  const w = W;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let block = 0; block < view.byteLength; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(block + 4 * t);
    for (let t = 16; t < 80; t++) {
      const x =
        (w[t - 3] as number) ^ (w[t - 8] as number) ^ (w[t - 14] as number) ^ (w[t - 16] as number);
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    // Four rounds of 20 steps, each with its own function and constant (FIPS 180-4 §4.1.1).
    for (let t = 0; t < 20; t++) {
      const temp = (rotl(a, 5) + ((b & c) | (~b & d)) + e + 0x5a827999 + (w[t] as number)) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    for (let t = 20; t < 40; t++) {
      const temp = (rotl(a, 5) + (b ^ c ^ d) + e + 0x6ed9eba1 + (w[t] as number)) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    for (let t = 40; t < 60; t++) {
      const temp =
        (rotl(a, 5) + ((b & c) | (b & d) | (c & d)) + e + 0x8f1bbcdc + (w[t] as number)) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    for (let t = 60; t < 80; t++) {
      const temp = (rotl(a, 5) + (b ^ c ^ d) + e + 0xca62c1d6 + (w[t] as number)) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(SHA1_LENGTH);
  const outView = new DataView(out.buffer);
  outView.setInt32(0, h0);
  outView.setInt32(4, h1);
  outView.setInt32(8, h2);
  outView.setInt32(12, h3);
  outView.setInt32(16, h4);
  return out;
}
