/**
 * Decoding one attribute value into its typed form, with the sub-field annotations of the
 * value; the TLV framing around it (type, length, padding) is the message decoder's job.
 */
import { decodeAddressValue } from './address.ts';
import type { ValueContext } from './address.ts';
import type { Annotation, AnnotationValue } from './annotation.ts';
import { annotate } from './annotation.ts';
import type { AttributeKind, StunAttribute } from './attributes.ts';
import { TYPE_KIND } from './attributes.ts';
import { bytesToHex, readU16, readU32 } from './bytes.ts';
import { describeAttribute, formatAddress } from './describe.ts';
import { attributeName, hex16 } from './registry.ts';
import type { StunResult } from './result.ts';
import { fail, ok } from './result.ts';
import { utf8Decode } from './text.ts';

/** A decoded value: the attribute, and how to annotate the Value field. */
export interface DecodedValue {
  readonly attribute: StunAttribute;
  /** The Value field's decoded value and text. */
  readonly value: AnnotationValue;
  readonly text: string;
  /** Sub-fields of the value (empty when the value is one field). */
  readonly children: readonly Annotation[];
  readonly note?: string;
}

/** Sizes the fixed-size attributes must have. */
const FIXED_LENGTH: Partial<Record<AttributeKind, number>> = {
  'change-request': 4,
  'message-integrity': 20,
  fingerprint: 4,
  priority: 4,
  'use-candidate': 0,
  'ice-controlled': 8,
  'ice-controlling': 8,
};

/** The typed attribute alone, for the lean decode (no texts, no sub-fields). */
function bare(attribute: StunAttribute): DecodedValue {
  return { attribute, value: attribute, text: '', children: [] };
}

/** Keeps an attribute as raw bytes (its type is unknown, or its text is not UTF-8). */
function raw(type: number, ctx: ValueContext, note?: string): DecodedValue {
  const value = ctx.bytes.slice(ctx.offset, ctx.offset + ctx.length);
  const attribute: StunAttribute = { kind: 'unknown', type, value };
  if (ctx.annotate === false) return bare(attribute);
  return {
    attribute,
    value,
    text: describeAttribute(attribute),
    children: [],
    ...(note ? { note } : {}),
  };
}

/** A leaf value: the attribute is its own Value text. */
function leaf(
  ctx: ValueContext,
  attribute: StunAttribute,
  value: AnnotationValue,
): StunResult<DecodedValue> {
  if (ctx.annotate === false) return ok(bare(attribute));
  return ok({ attribute, value, text: describeAttribute(attribute), children: [] });
}

/**
 * Decodes the value of an attribute of type `type` found at `ctx`; with `ctx.annotate` false,
 * only the typed attribute (the server's lean path: no texts, no sub-field annotations).
 */
export function decodeAttributeValue(type: number, ctx: ValueContext): StunResult<DecodedValue> {
  const kind = TYPE_KIND.get(type);
  if (kind === undefined) return ok(raw(type, ctx));
  const { bytes, offset, length, rfc } = ctx;
  const expected = FIXED_LENGTH[kind];
  if (expected !== undefined && length !== expected) {
    return fail(
      'bad-attribute',
      offset - 2,
      `${attributeName(type)} must be ${expected} bytes long, got ${length}`,
    );
  }
  const view = bytes.subarray(offset, offset + length);
  switch (kind) {
    case 'mapped-address':
    case 'xor-mapped-address':
    case 'response-address':
    case 'changed-address':
    case 'source-address':
    case 'reflected-from':
    case 'response-origin':
    case 'other-address':
    case 'alternate-server': {
      const r = decodeAddressValue(kind, ctx);
      if (!r.ok) return r;
      const { attribute, children } = r.value;
      if (ctx.annotate === false) return ok(bare(attribute));
      const text = formatAddress(attribute.address);
      return ok({ attribute, value: text, text, children });
    }
    case 'username':
    case 'realm':
    case 'nonce':
    case 'software': {
      const value = utf8Decode(view);
      if (value === undefined) return ok(raw(type, ctx, 'not valid UTF-8: kept as raw bytes'));
      return leaf(ctx, { kind, value }, value);
    }
    case 'change-request': {
      const word = readU32(bytes, offset);
      const changeIp = (word & 4) !== 0;
      const changePort = (word & 2) !== 0;
      const reserved = (word & ~6) >>> 0;
      const attribute: StunAttribute =
        reserved === 0 ? { kind, changeIp, changePort } : { kind, changeIp, changePort, reserved };
      if (ctx.annotate === false) return ok(bare(attribute));
      const bit = (label: string, mask: number, on: boolean): Annotation =>
        annotate(bytes, offset, 4, { label, value: on, text: on ? 'yes' : 'no', rfc, mask });
      const children = [
        annotate(bytes, offset, 4, {
          label: 'Reserved',
          value: reserved,
          text: String(reserved),
          rfc,
          mask: 0xfffffff9,
          ...(reserved === 0 ? {} : { note: 'should be zero' }),
        }),
        bit('Change IP (A)', 0x4, changeIp),
        bit('Change Port (B)', 0x2, changePort),
      ];
      return ok({ attribute, value: word, text: describeAttribute(attribute), children });
    }
    case 'error-code':
      return decodeErrorCode(type, ctx);
    case 'unknown-attributes': {
      if (length % 2 !== 0) {
        return fail('bad-attribute', offset - 2, `UNKNOWN-ATTRIBUTES length ${length} is odd`);
      }
      const types: number[] = [];
      const children: Annotation[] = [];
      for (let at = offset; at < offset + length; at += 2) {
        const t = readU16(bytes, at);
        types.push(t);
        if (ctx.annotate === false) continue;
        children.push(
          annotate(bytes, at, 2, {
            label: 'Attribute Type',
            value: t,
            text: `${attributeName(t)} (${hex16(t)})`,
            rfc,
          }),
        );
      }
      const attribute: StunAttribute = { kind, types };
      if (ctx.annotate === false) return ok(bare(attribute));
      return ok({ attribute, value: types, text: describeAttribute(attribute), children });
    }
    case 'message-integrity': {
      const hmac = bytes.slice(offset, offset + 20);
      if (ctx.annotate === false) return ok(bare({ kind, hmac }));
      return ok({ attribute: { kind, hmac }, value: hmac, text: bytesToHex(hmac), children: [] });
    }
    case 'fingerprint': {
      const value = readU32(bytes, offset);
      return leaf(ctx, { kind, value }, value);
    }
    case 'priority': {
      const priority = readU32(bytes, offset);
      return leaf(ctx, { kind, priority }, priority);
    }
    case 'use-candidate':
      return leaf(ctx, { kind }, true);
    case 'ice-controlled':
    case 'ice-controlling': {
      const tieBreaker =
        (BigInt(readU32(bytes, offset)) << 32n) | BigInt(readU32(bytes, offset + 4));
      return leaf(ctx, { kind, tieBreaker }, tieBreaker);
    }
  }
}

/** ERROR-CODE: 21 reserved bits, class (3 bits), number (8 bits), reason phrase (UTF-8). */
function decodeErrorCode(type: number, ctx: ValueContext): StunResult<DecodedValue> {
  const { bytes, offset, length, rfc } = ctx;
  if (length < 4) {
    return fail('bad-attribute', offset - 2, `ERROR-CODE needs at least 4 bytes, got ${length}`);
  }
  const word = readU32(bytes, offset);
  const cls = (word >>> 8) & 7;
  const number = word & 0xff;
  if (number > 99) {
    return fail('bad-attribute', offset + 3, `ERROR-CODE number ${number} is not 0-99`);
  }
  const reason = utf8Decode(bytes.subarray(offset + 4, offset + length));
  if (reason === undefined)
    return ok(raw(type, ctx, 'reason phrase is not valid UTF-8: kept as raw bytes'));
  const reserved = word >>> 11;
  const code = cls * 100 + number;
  const attribute: StunAttribute =
    reserved === 0
      ? { kind: 'error-code', code, reason }
      : { kind: 'error-code', code, reason, reserved };
  if (ctx.annotate === false) return ok(bare(attribute));
  const classNote = cls < 3 || cls > 6 ? 'RFC 8489 allows classes 3-6 only' : undefined;
  const children: Annotation[] = [
    annotate(bytes, offset, 2, {
      label: 'Reserved',
      value: readU16(bytes, offset),
      text: String(readU16(bytes, offset)),
      rfc,
    }),
    annotate(bytes, offset + 2, 1, {
      label: 'Class',
      value: cls,
      text: `${cls} (the hundreds digit)`,
      rfc,
      ...(classNote ? { note: classNote } : {}),
      children: [
        annotate(bytes, offset + 2, 1, {
          label: 'Reserved',
          value: (word >>> 11) & 0x1f,
          text: String((word >>> 11) & 0x1f),
          rfc,
          mask: 0xf8,
        }),
        annotate(bytes, offset + 2, 1, {
          label: 'Class',
          value: cls,
          text: String(cls),
          rfc,
          mask: 0x07,
        }),
      ],
    }),
    annotate(bytes, offset + 3, 1, { label: 'Number', value: number, text: String(number), rfc }),
  ];
  if (length > 4) {
    children.push(
      annotate(bytes, offset + 4, length - 4, {
        label: 'Reason Phrase',
        value: reason,
        text: JSON.stringify(reason),
        rfc,
      }),
    );
  }
  return ok({
    attribute,
    value: code,
    text: describeAttribute(attribute),
    children,
    ...(reserved === 0 ? {} : { note: 'reserved bits are not zero; receivers ignore them' }),
  });
}
