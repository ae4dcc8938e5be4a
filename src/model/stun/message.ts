/**
 * The STUN message as data: classes, methods, how both pack into the 14-bit message type
 * (RFC 8489 §5), and the typed message the encoder takes and the decoder returns.
 *
 * ```
 *   0                 1
 *   2  3  4 5 6 7 8 9 0 1 2 3 4 5
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|    C1 C0 = class, M11..M0 = method
 *  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 * RFC 3489's types (0x0001 Binding Request, 0x0101 Binding Response, 0x0111 Binding Error
 * Response) are the same numbers, so one packing serves both generations.
 */
import type { StunAttribute } from './attributes.ts';

/** The fixed value in bytes 4-7 of an RFC 5389/8489 header; absent in RFC 3489. */
export const MAGIC_COOKIE = 0x2112a442;

/** Length of the STUN header in bytes. */
export const HEADER_LENGTH = 20;

/** Transaction id length of RFC 5389/8489 messages (after the magic cookie). */
export const TRANSACTION_ID_LENGTH = 12;

/** Transaction id length of RFC 3489 ("classic") messages, which have no magic cookie. */
export const CLASSIC_TRANSACTION_ID_LENGTH = 16;

/** The four message classes, from the C1 C0 bits. */
export type StunClass = 'request' | 'indication' | 'success' | 'error';

/** Classes in the order of their two-bit code (0b00 request ... 0b11 error response). */
export const STUN_CLASSES: readonly StunClass[] = ['request', 'indication', 'success', 'error'];

/** Method numbers (12 bits) STUN and TURN define; any other 12-bit number is kept as is. */
export const METHOD = {
  BINDING: 0x001,
  /** RFC 3489 only; removed by RFC 5389. */
  SHARED_SECRET: 0x002,
  ALLOCATE: 0x003,
  REFRESH: 0x004,
  SEND: 0x006,
  DATA: 0x007,
  CREATE_PERMISSION: 0x008,
  CHANNEL_BIND: 0x009,
} as const;

/** A STUN message: the header fields that carry meaning, and the attributes in wire order. */
export interface StunMessage {
  readonly class: StunClass;
  /** The 12-bit method, for example METHOD.BINDING. */
  readonly method: number;
  /**
   * 12 bytes for an RFC 5389/8489 message (the magic cookie precedes it on the wire), or
   * 16 bytes for an RFC 3489 message (no magic cookie; it must not start with 21 12 a4 42).
   */
  readonly transactionId: Uint8Array;
  readonly attributes: readonly StunAttribute[];
}

/**
 * What the encoder takes: a message, plus optionally a MESSAGE-INTEGRITY to compute with `key`
 * and a FINGERPRINT to compute, both appended after `attributes` in that order.
 */
export interface StunMessageInit {
  readonly class: StunClass;
  readonly method: number;
  readonly transactionId: Uint8Array;
  readonly attributes?: readonly StunAttribute[];
  /** Append MESSAGE-INTEGRITY (HMAC-SHA1) under this key (see shortTermKey/longTermKey). */
  readonly integrity?: { readonly key: Uint8Array };
  /** Append FINGERPRINT as the last attribute. */
  readonly fingerprint?: boolean;
}

/** True for an RFC 3489 message (16-byte transaction id, no magic cookie). */
export function isClassic(message: { readonly transactionId: Uint8Array }): boolean {
  return message.transactionId.length === CLASSIC_TRANSACTION_ID_LENGTH;
}

/** Packs a class and a 12-bit method into the 14-bit message type (RFC 8489 §5). */
export function messageType(cls: StunClass, method: number): number {
  const c = STUN_CLASSES.indexOf(cls);
  return (
    ((method & 0xf80) << 2) |
    ((method & 0x070) << 1) |
    (method & 0x00f) |
    ((c & 2) << 7) |
    ((c & 1) << 4)
  );
}

/** Bits of the message type that hold the method (M11..M0). */
export const METHOD_MASK = 0x3eef;

/** Bits of the message type that hold the class (C1, C0). */
export const CLASS_MASK = 0x0110;

/** Splits a message type into its class and method; the two leading bits are ignored. */
export function splitMessageType(type: number): {
  readonly class: StunClass;
  readonly method: number;
} {
  const method = ((type & 0x3e00) >>> 2) | ((type & 0x00e0) >>> 1) | (type & 0x000f);
  const c = ((type & 0x0100) >>> 7) | ((type & 0x0010) >>> 4);
  return { class: STUN_CLASSES[c] as StunClass, method };
}
