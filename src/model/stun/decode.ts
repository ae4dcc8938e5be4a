/**
 * The STUN decoder: bytes in, a typed message out (with its byte-by-byte annotations, or lean
 * for a server), or a typed error; it never throws, and never writes to or aliases its input.
 * Detects RFC 3489 messages (no magic cookie, 16-byte transaction id) and RFC 5389/8489 ones,
 * checks framing and FINGERPRINT, and leaves MESSAGE-INTEGRITY to verifyIntegrity, which needs
 * the key.
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

/** The lean parse's options: the decoder's, and a bound on the work one message may cause. */
export interface ParseOptions extends DecodeOptions {
  /** More attributes than this is a `too-many-attributes` error, found before decoding them. */
  readonly maxAttributes?: number;
}

/** One attribute as found on the wire. */
export interface ParsedAttribute {
  readonly attribute: StunAttribute;
  /** The attribute type number. */
  readonly type: number;
  /** Offset of the attribute's Type field. */
  readonly offset: number;
  /** The Length field: value length, without padding. */
  readonly length: number;
  /**
   * True for an attribute after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and
   * FINGERPRINT: receivers must ignore it (RFC 8489 §14.5). It is still in `message`.
   */
  readonly ignored: boolean;
}

/** An attribute with its annotation, for people. */
export interface DecodedAttribute extends ParsedAttribute {
  /** The annotation of the whole attribute (type, length, value, padding). */
  readonly annotation: Annotation;
}

/** A parsed message: everything needed to check and answer it. */
export interface ParsedMessage {
  readonly message: StunMessage;
  /** The message bytes: a copy of the input, so later writes to the input change nothing. */
  readonly bytes: Uint8Array;
  /** True for RFC 3489 (no magic cookie, 16-byte transaction id). */
  readonly classic: boolean;
  /** The 16-bit Message Type field. */
  readonly type: number;
  /** The Message Length field. */
  readonly length: number;
  readonly attributes: readonly ParsedAttribute[];
  /** Whether the message has a FINGERPRINT and whether it matches. */
  readonly fingerprint: 'absent' | 'valid' | 'invalid';
  /** Comprehension-required types kept raw: what a server lists in a 420 UNKNOWN-ATTRIBUTES. */
  readonly unknownRequired: readonly number[];
}

/** A decoded message: the parsed one, annotated byte by byte for a hex view. */
export interface DecodedMessage extends ParsedMessage {
  readonly attributes: readonly DecodedAttribute[];
  /** Header fields, then one node per attribute; together they cover every byte once. */
  readonly annotations: readonly Annotation[];
}

/**
 * Decodes one STUN message (one UDP datagram) with its annotations, for people (`stun decode`,
 * the simulator's inspector). Never throws: malformed input gives
 * `{ ok: false, error: { code, offset, message } }`. Never writes to or keeps a view of `bytes`.
 */
export function decodeMessage(
  bytes: Uint8Array,
  options: DecodeOptions = {},
): StunResult<DecodedMessage> {
  // With annotate on, every attribute has its annotation: the walk's result is a DecodedMessage.
  return walk(bytes, options, true) as StunResult<DecodedMessage>;
}

/**
 * Parses one STUN message without annotations or descriptive text: what a server needs, at a
 * fraction of decodeMessage's cost. Same errors (plus `too-many-attributes` when bounded), same
 * message, never throws, never writes to or keeps a view of `bytes`.
 */
export function parseMessage(
  bytes: Uint8Array,
  options: ParseOptions = {},
): StunResult<ParsedMessage> {
  return walk(bytes, options, false);
}

type Walked = ParsedMessage & {
  readonly attributes: readonly (ParsedAttribute & { annotation?: Annotation })[];
  readonly annotations: readonly Annotation[];
};

/** The one decoding loop behind both entry points. */
function walk(input: Uint8Array, options: ParseOptions, annotate: boolean): StunResult<Walked> {
  const header = readHeader(input);
  if (!header.ok) return header;
  const { type, length, classic } = header.value;
  // Work on a plain copy: a Buffer's slice is a view, and nothing decoded may alias the input.
  const bytes = new Uint8Array(input);
  const end = HEADER_LENGTH + length;
  const xorKey = bytes.subarray(4, HEADER_LENGTH);
  const annotations = annotate ? headerAnnotations(bytes, classic) : [];
  const attributes: (ParsedAttribute & { annotation?: Annotation })[] = [];
  const unknownRequired: number[] = [];
  let fingerprint: ParsedMessage['fingerprint'] = 'absent';
  let afterIntegrity = false;
  const maxAttributes = options.maxAttributes ?? Infinity;
  for (let offset = HEADER_LENGTH; offset < end;) {
    if (fingerprint !== 'absent') {
      return fail(
        'after-fingerprint',
        offset,
        'an attribute follows FINGERPRINT, which must be last',
      );
    }
    if (attributes.length >= maxAttributes) {
      return fail('too-many-attributes', offset, `more than ${maxAttributes} attributes`);
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
    const info = annotate ? attributeInfo(attrType, classic) : undefined;
    const decoded = decodeAttributeValue(attrType, {
      bytes,
      offset: valueOffset,
      length: valueLength,
      xorKey,
      rfc: info?.rfc ?? '',
      annotate,
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
      if (annotate)
        valueNote = `CRC-32 of bytes 0-${offset - 1} (Message Length ${offset + 8 - HEADER_LENGTH}) XOR ${hex32(FINGERPRINT_XOR)} = ${hex32(expected)}: ${valid ? 'valid' : 'INVALID'}`;
    } else if (annotate && attribute.kind === 'message-integrity' && !afterIntegrity) {
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
    const parsed: ParsedAttribute = {
      attribute,
      type: attrType,
      offset,
      length: valueLength,
      ignored,
    };
    if (info) {
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
      attributes.push({ ...parsed, annotation });
    } else {
      attributes.push(parsed);
    }
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
