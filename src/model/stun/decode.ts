/**
 * The STUN decoder: bytes in, a typed message and its byte-by-byte annotations out, or a typed
 * error; it never throws. Detects RFC 3489 messages (no magic cookie, 16-byte transaction id)
 * and RFC 5389/8489 ones, checks framing and FINGERPRINT, and leaves MESSAGE-INTEGRITY to
 * verifyIntegrity, which needs the key.
 */
import type { Annotation } from './annotation.ts';
import { decodeAttributeValue } from './attribute-decode.ts';
import type { StunAttribute } from './attributes.ts';
import { TYPE_KIND } from './attributes.ts';
import { align4, allZero, bytesToHex, readU16 } from './bytes.ts';
import { hex32 } from './describe.ts';
import { headerAnnotations, readHeader } from './header.ts';
import { FINGERPRINT_XOR, computeFingerprint } from './integrity.ts';
import { HEADER_LENGTH, splitMessageType } from './message.ts';
import type { StunMessage } from './message.ts';
import { ATTRIBUTE_TYPE, attributeInfo, hex16, isComprehensionRequired } from './registry.ts';
import type { StunResult } from './result.ts';
import { fail, ok } from './result.ts';
import { attributeAnnotation } from './tlv.ts';

/** How strict the decoder is where the RFCs leave room. */
export interface DecodeOptions {
  /** Non-zero padding: 'ignore' it (default; RFC 8489 §14) or 'reject' it as `bad-padding`. */
  readonly padding?: 'ignore' | 'reject';
  /**
   * A FINGERPRINT that does not match: 'reject' (default) returns a `bad-fingerprint` error;
   * 'flag' decodes the message anyway and reports `fingerprint: 'invalid'` (for a hex view).
   */
  readonly fingerprint?: 'reject' | 'flag';
}

/** One attribute as found on the wire. */
export interface DecodedAttribute {
  readonly attribute: StunAttribute;
  /** The attribute type number. */
  readonly type: number;
  /** Offset of the attribute's Type field. */
  readonly offset: number;
  /** The Length field: value length, without padding. */
  readonly length: number;
  /** The annotation of the whole attribute (type, length, value, padding). */
  readonly annotation: Annotation;
  /**
   * True for an attribute after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and
   * FINGERPRINT: receivers must ignore it (RFC 8489 §14.5). It is still in `message`.
   */
  readonly ignored: boolean;
}

/** A decoded message with everything needed to show and check it. */
export interface DecodedMessage {
  readonly message: StunMessage;
  /** The message bytes (the input itself, not a copy). */
  readonly bytes: Uint8Array;
  /** True for RFC 3489 (no magic cookie, 16-byte transaction id). */
  readonly classic: boolean;
  /** The 16-bit Message Type field. */
  readonly type: number;
  /** The Message Length field. */
  readonly length: number;
  readonly attributes: readonly DecodedAttribute[];
  /** Header fields, then one node per attribute; together they cover every byte once. */
  readonly annotations: readonly Annotation[];
  /** Whether the message has a FINGERPRINT and whether it matches. */
  readonly fingerprint: 'absent' | 'valid' | 'invalid';
  /** Comprehension-required types kept raw: what a server lists in a 420 UNKNOWN-ATTRIBUTES. */
  readonly unknownRequired: readonly number[];
}

/**
 * Decodes one STUN message (one UDP datagram). Never throws: malformed input gives
 * `{ ok: false, error: { code, offset, message } }`.
 */
export function decodeMessage(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): StunResult<DecodedMessage> {
  const header = readHeader(bytes);
  if (!header.ok) return header;
  const { type, length, classic } = header.value;
  const end = HEADER_LENGTH + length;
  const xorKey = bytes.subarray(4, HEADER_LENGTH);
  const annotations = headerAnnotations(bytes, classic);
  const attributes: DecodedAttribute[] = [];
  const unknownRequired: number[] = [];
  let fingerprint: DecodedMessage['fingerprint'] = 'absent';
  let afterIntegrity = false;
  for (let offset = HEADER_LENGTH; offset < end;) {
    if (fingerprint !== 'absent') {
      return fail(
        'after-fingerprint',
        offset,
        'an attribute follows FINGERPRINT, which must be last',
      );
    }
    // Attributes start on 4-byte boundaries and the message ends on one, so 4 bytes remain.
    const attrType = readU16(bytes, offset);
    const valueLength = readU16(bytes, offset + 2);
    const valueOffset = offset + 4;
    const valueEnd = valueOffset + valueLength;
    if (valueEnd > end) {
      return fail(
        'attribute-overrun',
        offset + 2,
        `attribute ${hex16(attrType)} says ${valueLength} value bytes, only ${end - valueOffset} remain`,
      );
    }
    // The padded end cannot pass `end` either: both are multiples of 4 and valueEnd <= end.
    const padding = bytes.subarray(valueEnd, valueOffset + align4(valueLength));
    const paddingZero = allZero(padding);
    if (!paddingZero && options.padding === 'reject') {
      return fail('bad-padding', valueEnd, `padding ${bytesToHex(padding, ' ')} is not zero`);
    }
    const info = attributeInfo(attrType, classic);
    const decoded = decodeAttributeValue(attrType, {
      bytes,
      offset: valueOffset,
      length: valueLength,
      xorKey,
      rfc: info.rfc,
    });
    if (!decoded.ok) return decoded;
    let attribute = decoded.value.attribute;
    if (!paddingZero) attribute = { ...attribute, padding: padding.slice() };
    let valueNote = decoded.value.note;
    if (attribute.kind === 'fingerprint') {
      const expected = computeFingerprint(bytes, offset);
      const valid = expected === attribute.value;
      if (!valid && options.fingerprint !== 'flag') {
        return fail(
          'bad-fingerprint',
          valueOffset,
          `FINGERPRINT is ${hex32(attribute.value)}, the message gives ${hex32(expected)}`,
        );
      }
      fingerprint = valid ? 'valid' : 'invalid';
      valueNote = `CRC-32 of bytes 0-${offset - 1} (Message Length ${offset + 8 - HEADER_LENGTH}) XOR ${hex32(FINGERPRINT_XOR)} = ${hex32(expected)}: ${valid ? 'valid' : 'INVALID'}`;
    } else if (attribute.kind === 'message-integrity' && !afterIntegrity) {
      valueNote = `HMAC-SHA1 of bytes 0-${offset - 1} with Message Length ${offset + 24 - HEADER_LENGTH}; check it with the key`;
    }
    if (
      attribute.kind === 'unknown' &&
      isComprehensionRequired(attrType) &&
      !TYPE_KIND.has(attrType)
    ) {
      unknownRequired.push(attrType);
    }
    const ignored =
      afterIntegrity &&
      attrType !== ATTRIBUTE_TYPE.FINGERPRINT &&
      attrType !== ATTRIBUTE_TYPE.MESSAGE_INTEGRITY_SHA256;
    const annotation = attributeAnnotation(
      bytes,
      { offset, type: attrType, valueLength, padding, paddingZero },
      info,
      classic,
      decoded.value,
      attribute,
      {
        value: valueNote,
        attribute: ignored
          ? 'follows MESSAGE-INTEGRITY: receivers ignore it (RFC 8489 §14.5)'
          : undefined,
      },
    );
    annotations.push(annotation);
    attributes.push({
      attribute,
      type: attrType,
      offset,
      length: valueLength,
      annotation,
      ignored,
    });
    if (attrType === ATTRIBUTE_TYPE.MESSAGE_INTEGRITY) afterIntegrity = true;
    offset = valueOffset + valueLength + padding.length;
  }
  const { class: cls, method } = splitMessageType(type);
  const transactionId = bytes.slice(classic ? 4 : 8, HEADER_LENGTH);
  const message: StunMessage = {
    class: cls,
    method,
    transactionId,
    attributes: attributes.map((a) => a.attribute),
  };
  return ok({
    message,
    bytes,
    classic,
    type,
    length,
    attributes,
    annotations,
    fingerprint,
    unknownRequired,
  });
}
