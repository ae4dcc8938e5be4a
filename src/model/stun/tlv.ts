/**
 * The annotation of one attribute's TLV frame: its Type and Length fields, its Value (with the
 * value's own sub-fields) and its Padding, each with the RFC section that defines it.
 *
 * ```
 *  +----------------+----------------+
 *  |  Type (16)     |  Length (16)   |   Length = value bytes, padding excluded
 *  +----------------+----------------+
 *  |  Value (Length bytes) ...  | pad |   padded to a 4-byte boundary
 *  +---------------------------------+
 * ```
 */
import type { Annotation } from './annotation.ts';
import { annotate } from './annotation.ts';
import type { DecodedValue } from './attribute-decode.ts';
import type { StunAttribute } from './attributes.ts';
import type { AttributeInfo } from './registry.ts';
import { hex16, isComprehensionRequired } from './registry.ts';

/** Where an attribute sits in the message. */
export interface TlvFrame {
  /** Offset of the Type field. */
  readonly offset: number;
  readonly type: number;
  readonly valueLength: number;
  /** The padding bytes after the value (0-3 of them). */
  readonly padding: Uint8Array;
  readonly paddingZero: boolean;
}

/** Remarks the message decoder adds: on the Value field and on the attribute as a whole. */
export interface TlvNotes {
  readonly value?: string | undefined;
  readonly attribute?: string | undefined;
}

/** Builds the annotation of a whole attribute, children in byte order. */
export function attributeAnnotation(
  bytes: Uint8Array,
  frame: TlvFrame,
  info: AttributeInfo,
  classic: boolean,
  decoded: DecodedValue,
  attribute: StunAttribute,
  notes: TlvNotes,
): Annotation {
  const tlvRfc = classic ? 'RFC 3489 §11.2' : 'RFC 8489 §14';
  const { offset, type, valueLength, padding } = frame;
  const valueOffset = offset + 4;
  const range = isComprehensionRequired(type) ? 'comprehension-required' : 'comprehension-optional';
  const children = [
    annotate(bytes, offset, 2, {
      label: 'Attribute Type',
      value: type,
      text: `${info.name} (${hex16(type)}, ${range})`,
      rfc: tlvRfc,
    }),
    annotate(bytes, offset + 2, 2, {
      label: 'Attribute Length',
      value: valueLength,
      text: `${valueLength} bytes`,
      rfc: tlvRfc,
    }),
  ];
  if (valueLength > 0) {
    children.push(
      annotate(bytes, valueOffset, valueLength, {
        label: 'Value',
        value: decoded.value,
        text: decoded.text,
        rfc: info.rfc,
        children: decoded.children,
        ...(notes.value ? { note: notes.value } : {}),
      }),
    );
  }
  if (padding.length > 0) {
    children.push(
      annotate(bytes, valueOffset + valueLength, padding.length, {
        label: 'Padding',
        value: padding,
        text: `${padding.length} byte${padding.length === 1 ? '' : 's'}`,
        rfc: tlvRfc,
        ...(frame.paddingZero ? {} : { note: 'not zero; receivers ignore padding' }),
      }),
    );
  }
  return annotate(bytes, offset, 4 + valueLength + padding.length, {
    label: info.name,
    value: attribute,
    text: decoded.text,
    rfc: info.rfc,
    children,
    ...(notes.attribute ? { note: notes.attribute } : {}),
  });
}
