/**
 * The two checks a STUN message can carry about itself: MESSAGE-INTEGRITY, an HMAC-SHA1 under a
 * credential key (RFC 8489 §14.5), and FINGERPRINT, a CRC-32 XOR 0x5354554E (RFC 8489 §14.7).
 * Both cover the message up to the attribute, with the Message Length field rewritten to end
 * at the attribute itself (so attributes after it do not count).
 *
 * ```
 *  | header (Length = N) | attrs ... | MESSAGE-INTEGRITY | FINGERPRINT |
 *  |<--- HMAC input, Length := end of MI - 20 --->|
 *  |<--------- CRC input, Length := end of FINGERPRINT - 20 ---------->|
 * ```
 * RFC 3489 differs in one detail: its HMAC input is zero-padded to a multiple of 64 bytes
 * (§11.2.8), so classic messages get that padding here.
 */
import { HEADER_LENGTH } from './message.ts';
import { crc32 } from './crc32.ts';
import type { ParsedMessage } from './decode.ts';
import { hmacSha1 } from './hmac.ts';

/** What FINGERPRINT XORs the CRC-32 with: "STUN" in ASCII. */
export const FINGERPRINT_XOR = 0x5354554e;

/** Size of a MESSAGE-INTEGRITY attribute: 4-byte header + 20-byte HMAC. */
export const INTEGRITY_ATTRIBUTE_LENGTH = 24;

/** Size of a FINGERPRINT attribute: 4-byte header + 4-byte CRC. */
export const FINGERPRINT_ATTRIBUTE_LENGTH = 8;

/**
 * Copies `bytes[0, end)` with the Message Length field set to `messageLength`, zero-padded to
 * `size` bytes when that is larger.
 */
function prefixWithLength(
  bytes: Uint8Array,
  end: number,
  messageLength: number,
  size = end,
): Uint8Array {
  const out = new Uint8Array(Math.max(end, size));
  out.set(bytes.subarray(0, end));
  out[2] = messageLength >>> 8;
  out[3] = messageLength & 0xff;
  return out;
}

/**
 * The HMAC-SHA1 a MESSAGE-INTEGRITY attribute starting at `offset` must hold, under `key`:
 * computed over bytes [0, offset) with the Message Length set to end after that attribute
 * and, for an RFC 3489 message (`classic`), zero-padded to a multiple of 64 bytes.
 */
export function computeIntegrity(
  bytes: Uint8Array,
  offset: number,
  key: Uint8Array,
  classic = false,
): Uint8Array {
  const length = offset + INTEGRITY_ATTRIBUTE_LENGTH - HEADER_LENGTH;
  const size = classic ? Math.ceil(offset / 64) * 64 : offset;
  return hmacSha1(key, prefixWithLength(bytes, offset, length, size));
}

/**
 * The value a FINGERPRINT attribute starting at `offset` must hold: the CRC-32 of bytes
 * [0, offset), Message Length set to end after the FINGERPRINT, XOR 0x5354554E.
 */
export function computeFingerprint(bytes: Uint8Array, offset: number): number {
  const length = offset + FINGERPRINT_ATTRIBUTE_LENGTH - HEADER_LENGTH;
  // The CRC of prefixWithLength(bytes, offset, length), without copying the message.
  let crc = crc32(bytes.subarray(0, 2));
  crc = crc32(new Uint8Array([length >>> 8, length & 0xff]), crc);
  crc = crc32(bytes.subarray(4, offset), crc);
  return (crc ^ FINGERPRINT_XOR) >>> 0;
}

/** Compares two byte arrays in time that depends only on their lengths. */
function sameBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/**
 * Checks a parsed or decoded message's first MESSAGE-INTEGRITY under `key` (from shortTermKey or
 * longTermKey). False when the message has no MESSAGE-INTEGRITY or the HMAC differs.
 */
export function verifyIntegrity(decoded: ParsedMessage, key: Uint8Array): boolean {
  const found = decoded.attributes.find((a) => a.attribute.kind === 'message-integrity');
  if (!found || found.attribute.kind !== 'message-integrity') return false;
  const expected = computeIntegrity(decoded.bytes, found.offset, key, decoded.classic);
  return sameBytesConstantTime(expected, found.attribute.hmac);
}
