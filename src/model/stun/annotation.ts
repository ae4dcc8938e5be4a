/**
 * Annotations: the decoder's byte-by-byte account of a message, a tree of fields (header fields;
 * attributes with their type, length, value and padding; sub-fields of values) each with its
 * offset, length, raw bytes, decoded value, a label and the RFC section, for hex-dump views.
 *
 * ```
 *  Message Type ─┬─ (bits) Leading zeros / Method / Class
 *  Message Length
 *  Magic Cookie            (RFC 5389/8489 only)
 *  Transaction ID
 *  XOR-MAPPED-ADDRESS ─┬─ Attribute Type
 *                      ├─ Attribute Length
 *                      ├─ Value ─┬─ Reserved / Family / X-Port / X-Address
 *                      └─ Padding (when the value is not a multiple of 4)
 * ```
 * Siblings never overlap and, except for bit fields (which carry a `mask`), exactly cover
 * their parent; the top level covers the whole message.
 */
import type { StunAttribute } from './attributes.ts';

/** A decoded value as an annotation holds it. */
export type AnnotationValue =
  number | bigint | string | boolean | Uint8Array | readonly number[] | StunAttribute;

/** One annotated field of a message. */
export interface Annotation {
  /** Offset of the first byte, from the start of the message. */
  readonly offset: number;
  /** Number of bytes. */
  readonly length: number;
  /** The bytes themselves: a view into the decoded input (do not modify). */
  readonly raw: Uint8Array;
  /** What the field is, e.g. "Message Type", "X-Port", "XOR-MAPPED-ADDRESS". */
  readonly label: string;
  /** The decoded value, typed (for an attribute node: the StunAttribute). */
  readonly value: AnnotationValue;
  /** The value for people, e.g. "Binding request (0x0001)", "192.0.2.1:32853". */
  readonly text: string;
  /** Where the field is defined, e.g. "RFC 8489 §14.2". */
  readonly rfc: string;
  /** For bit fields: which bits of `raw`, read as a big-endian number, hold the field. */
  readonly mask?: number;
  /** A remark worth showing: ignored bytes, non-zero reserved bits, checks and their result. */
  readonly note?: string;
  /** Sub-fields, in byte order. */
  readonly children: readonly Annotation[];
}

/** The parts of an annotation besides its position, for `annotate`. */
export interface AnnotationFields {
  readonly label: string;
  readonly value: AnnotationValue;
  readonly text: string;
  readonly rfc: string;
  readonly mask?: number;
  readonly note?: string;
  readonly children?: readonly Annotation[];
}

/**
 * An annotation as the decoder builds it: fixed-shape fields and a lazy `raw` view, since a
 * decoded message holds dozens of them and most are never looked at.
 */
class Field implements Annotation {
  readonly offset: number;
  readonly length: number;
  readonly label: string;
  readonly value: AnnotationValue;
  readonly text: string;
  readonly rfc: string;
  readonly mask: number | undefined;
  readonly note: string | undefined;
  readonly children: readonly Annotation[];
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array, offset: number, length: number, fields: AnnotationFields) {
    this.offset = offset;
    this.length = length;
    this.label = fields.label;
    this.value = fields.value;
    this.text = fields.text;
    this.rfc = fields.rfc;
    this.mask = fields.mask;
    this.note = fields.note;
    this.children = fields.children ?? [];
    this.#bytes = bytes;
  }

  get raw(): Uint8Array {
    return this.#bytes.subarray(this.offset, this.offset + this.length);
  }
}

/** Builds an annotation over `bytes[offset, offset + length)`. */
export function annotate(
  bytes: Uint8Array,
  offset: number,
  length: number,
  fields: AnnotationFields,
): Annotation {
  return new Field(bytes, offset, length, fields);
}

/**
 * The innermost byte-level fields, in order: what a hex dump colours. Bit fields (with a
 * `mask`) are not descended into; their parent is the leaf.
 */
export function leafAnnotations(annotations: readonly Annotation[]): Annotation[] {
  const out: Annotation[] = [];
  const walk = (list: readonly Annotation[]): void => {
    for (const a of list) {
      const byteChildren = a.children.filter((c) => c.mask === undefined);
      if (byteChildren.length === 0) out.push(a);
      else walk(byteChildren);
    }
  };
  walk(annotations);
  return out;
}

/**
 * The chain of annotations containing byte `offset`, outermost first (empty when none does):
 * what a hex dump shows when a byte is hovered.
 */
export function annotationPath(annotations: readonly Annotation[], offset: number): Annotation[] {
  const path: Annotation[] = [];
  let level = annotations;
  for (;;) {
    const hit = level.find(
      (a) => a.mask === undefined && offset >= a.offset && offset < a.offset + a.length,
    );
    if (!hit) return path;
    path.push(hit);
    level = hit.children;
  }
}
