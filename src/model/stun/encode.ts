/**
 * The STUN encoder: a typed message in, the bytes of one datagram out, with lengths, padding,
 * and an optional MESSAGE-INTEGRITY and FINGERPRINT computed in place; bad input is a typed
 * error, never an exception.
 *
 * Attributes are written as given, MESSAGE-INTEGRITY and FINGERPRINT included (so a decoded
 * message encodes back to its exact bytes, and a lesson can build a broken one on purpose);
 * `integrity` and `fingerprint` in the init append freshly computed ones after them.
 */
import { encodeAttributeValue } from './attribute-encode.ts';
import { attributeType } from './attributes.ts';
import { align4, bytesEqual, writeU16, writeU32 } from './bytes.ts';
import {
  FINGERPRINT_ATTRIBUTE_LENGTH,
  INTEGRITY_ATTRIBUTE_LENGTH,
  computeFingerprint,
  computeIntegrity,
} from './integrity.ts';
import {
  CLASSIC_TRANSACTION_ID_LENGTH,
  HEADER_LENGTH,
  MAGIC_COOKIE,
  STUN_CLASSES,
  TRANSACTION_ID_LENGTH,
  messageType,
} from './message.ts';
import type { StunMessageInit } from './message.ts';
import { ATTRIBUTE_TYPE } from './registry.ts';
import type { StunResult } from './result.ts';
import { fail, ok } from './result.ts';

/** The largest Message Length a message can have (16 bits, a multiple of 4). */
const MAX_LENGTH = 0xfffc;

const COOKIE_BYTES = new Uint8Array([0x21, 0x12, 0xa4, 0x42]);

/** Checks the header fields and returns header bytes 4-19 (cookie + id, or the classic id). */
function headerKey(init: StunMessageInit): StunResult<Uint8Array> {
  if (!STUN_CLASSES.includes(init.class))
    return fail('bad-input', 0, `unknown class "${String(init.class)}"`);
  if (!Number.isInteger(init.method) || init.method < 0 || init.method > 0xfff) {
    return fail('bad-input', 0, `method ${init.method} is not a 12-bit number`);
  }
  const tid = init.transactionId;
  if (tid.length === TRANSACTION_ID_LENGTH) {
    const key = new Uint8Array(16);
    key.set(COOKIE_BYTES);
    key.set(tid, 4);
    return ok(key);
  }
  if (tid.length === CLASSIC_TRANSACTION_ID_LENGTH) {
    if (bytesEqual(tid.subarray(0, 4), COOKIE_BYTES)) {
      return fail(
        'bad-input',
        4,
        'a 16-byte (RFC 3489) transaction id must not begin with the magic cookie',
      );
    }
    return ok(tid.slice());
  }
  return fail(
    'bad-input',
    4,
    `a transaction id is 12 bytes (RFC 8489) or 16 (RFC 3489), got ${tid.length}`,
  );
}

/** One attribute ready to write. */
interface Framed {
  readonly type: number;
  readonly value: Uint8Array;
  readonly padding: Uint8Array | undefined;
}

/**
 * Encodes a message. Lengths and padding are computed; MESSAGE-INTEGRITY (when `integrity` is
 * given) is the HMAC-SHA1 over the message up to it, with the Message Length ending at it
 * (zero-padded to 64 bytes for RFC 3489 messages);
 * FINGERPRINT (when `fingerprint`) is the CRC-32 of everything before it XOR 0x5354554E.
 */
export function encodeMessage(init: StunMessageInit): StunResult<Uint8Array> {
  const key = headerKey(init);
  if (!key.ok) return key;
  const attributes = init.attributes ?? [];
  const framed: Framed[] = [];
  let length = 0;
  for (const attribute of attributes) {
    const offset = HEADER_LENGTH + length;
    const value = encodeAttributeValue(attribute, key.value, offset);
    if (!value.ok) return value;
    if (value.value.length > 0xffff) {
      return fail(
        'bad-input',
        offset,
        `an attribute value is at most 65535 bytes, got ${value.value.length}`,
      );
    }
    const paddingLength = align4(value.value.length) - value.value.length;
    if (attribute.padding !== undefined && attribute.padding.length !== paddingLength) {
      return fail(
        'bad-input',
        offset,
        `padding must be ${paddingLength} bytes here, got ${attribute.padding.length}`,
      );
    }
    framed.push({ type: attributeType(attribute), value: value.value, padding: attribute.padding });
    length += 4 + value.value.length + paddingLength;
  }
  const hasFingerprint = framed.some((f) => f.type === ATTRIBUTE_TYPE.FINGERPRINT);
  if (hasFingerprint && (init.integrity || init.fingerprint)) {
    return fail(
      'bad-input',
      HEADER_LENGTH + length,
      'the attributes already hold a FINGERPRINT, which must be last',
    );
  }
  if (init.integrity && framed.some((f) => f.type === ATTRIBUTE_TYPE.MESSAGE_INTEGRITY)) {
    return fail(
      'bad-input',
      HEADER_LENGTH + length,
      'the attributes already hold a MESSAGE-INTEGRITY',
    );
  }
  const integrityOffset = HEADER_LENGTH + length;
  if (init.integrity) length += INTEGRITY_ATTRIBUTE_LENGTH;
  const fingerprintOffset = HEADER_LENGTH + length;
  if (init.fingerprint) length += FINGERPRINT_ATTRIBUTE_LENGTH;
  if (length > MAX_LENGTH)
    return fail(
      'bad-input',
      2,
      `the message would be ${length} bytes after the header, over ${MAX_LENGTH}`,
    );

  const out = new Uint8Array(HEADER_LENGTH + length);
  writeU16(out, 0, messageType(init.class, init.method));
  writeU16(out, 2, length);
  if (init.transactionId.length === TRANSACTION_ID_LENGTH) writeU32(out, 4, MAGIC_COOKIE);
  out.set(init.transactionId, HEADER_LENGTH - init.transactionId.length);
  let at = HEADER_LENGTH;
  for (const f of framed) {
    writeU16(out, at, f.type);
    writeU16(out, at + 2, f.value.length);
    out.set(f.value, at + 4);
    if (f.padding) out.set(f.padding, at + 4 + f.value.length);
    at += 4 + align4(f.value.length);
  }
  if (init.integrity) {
    writeU16(out, integrityOffset, ATTRIBUTE_TYPE.MESSAGE_INTEGRITY);
    writeU16(out, integrityOffset + 2, 20);
    const classic = init.transactionId.length === CLASSIC_TRANSACTION_ID_LENGTH;
    const hmac = computeIntegrity(out, integrityOffset, init.integrity.key, classic);
    out.set(hmac, integrityOffset + 4);
  }
  if (init.fingerprint) {
    writeU16(out, fingerprintOffset, ATTRIBUTE_TYPE.FINGERPRINT);
    writeU16(out, fingerprintOffset + 2, 4);
    writeU32(out, fingerprintOffset + 4, computeFingerprint(out, fingerprintOffset));
  }
  return ok(out);
}
