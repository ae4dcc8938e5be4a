/**
 * The 20-byte STUN header: the framing checks every message must pass (leading bits, length,
 * datagram size), RFC 3489 versus RFC 5389/8489 detection, and the header's annotations.
 *
 * ```
 *  0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0|     STUN Message Type     |         Message Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Magic Cookie 0x2112A442 (RFC 5389+)            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Transaction ID (96 bits; 128 bits in RFC 3489,     |
 *  |            where it also takes the cookie's place)            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 */
import type { Annotation } from './annotation.ts';
import { annotate } from './annotation.ts';
import { bytesToHex, readU16, readU32 } from './bytes.ts';
import { className, describeMessageType, hex32, methodName } from './describe.ts';
import {
  CLASS_MASK,
  HEADER_LENGTH,
  MAGIC_COOKIE,
  METHOD_MASK,
  splitMessageType,
} from './message.ts';
import { hex16 } from './registry.ts';
import type { StunResult } from './result.ts';
import { fail, ok } from './result.ts';

/** The header fields the decoder goes on with. */
export interface HeaderFields {
  /** The Message Type field. */
  readonly type: number;
  /** The Message Length field. */
  readonly length: number;
  /** True when bytes 4-7 are not the magic cookie: an RFC 3489 message. */
  readonly classic: boolean;
}

/**
 * Checks that `bytes` frame exactly one STUN message: at least 20 bytes, leading bits 00, a
 * Message Length that is a multiple of 4 and matches the datagram size.
 */
export function readHeader(bytes: Uint8Array): StunResult<HeaderFields> {
  if (bytes.length < HEADER_LENGTH) {
    return fail('truncated', bytes.length, `a STUN header is 20 bytes, got ${bytes.length}`);
  }
  const type = readU16(bytes, 0);
  if ((type & 0xc000) !== 0) {
    const bits = (type >>> 14).toString(2).padStart(2, '0');
    return fail('not-stun', 0, `the first two bits are ${bits}, STUN has 00`);
  }
  const length = readU16(bytes, 2);
  if (length % 4 !== 0) {
    return fail('bad-length', 2, `Message Length ${length} is not a multiple of 4`);
  }
  const end = HEADER_LENGTH + length;
  if (end > bytes.length) {
    return fail(
      'truncated',
      bytes.length,
      `Message Length says ${end} bytes in all, got ${bytes.length}`,
    );
  }
  if (end < bytes.length) {
    return fail('bad-length', end, `${bytes.length - end} bytes follow the ${end}-byte message`);
  }
  return ok({ type, length, classic: readU32(bytes, 4) !== MAGIC_COOKIE });
}

/** Decodes the 20-byte header into annotations (framing was checked by the caller). */
export function headerAnnotations(bytes: Uint8Array, classic: boolean): Annotation[] {
  const rfc = classic ? 'RFC 3489 §11.1' : 'RFC 8489 §5';
  const type = readU16(bytes, 0);
  const { class: cls, method } = splitMessageType(type);
  const length = readU16(bytes, 2);
  const tidOffset = classic ? 4 : 8;
  const tid = bytes.subarray(tidOffset, HEADER_LENGTH);
  const out = [
    annotate(bytes, 0, 2, {
      label: 'Message Type',
      value: type,
      text: `${describeMessageType(type)} (${hex16(type)})`,
      rfc,
      children: [
        annotate(bytes, 0, 2, {
          label: 'Leading Zero Bits',
          value: 0,
          text: '00 (STUN, not ChannelData)',
          rfc: 'RFC 8489 §5',
          mask: 0xc000,
        }),
        annotate(bytes, 0, 2, {
          label: 'Method',
          value: method,
          text: `${methodName(method)} (0x${method.toString(16).padStart(3, '0')})`,
          rfc,
          mask: METHOD_MASK,
        }),
        annotate(bytes, 0, 2, {
          label: 'Class',
          value: cls,
          text: className(cls),
          rfc,
          mask: CLASS_MASK,
        }),
      ],
    }),
    annotate(bytes, 2, 2, {
      label: 'Message Length',
      value: length,
      text: `${length} bytes after the 20-byte header`,
      rfc,
    }),
  ];
  if (!classic) {
    out.push(
      annotate(bytes, 4, 4, {
        label: 'Magic Cookie',
        value: MAGIC_COOKIE,
        text: hex32(MAGIC_COOKIE),
        rfc,
      }),
    );
  }
  out.push(
    annotate(bytes, tidOffset, tid.length, {
      label: 'Transaction ID',
      value: tid,
      text: bytesToHex(tid),
      rfc,
      ...(classic ? { note: 'RFC 3489: 128 bits, no magic cookie' } : {}),
    }),
  );
  return out;
}

/**
 * A quick test for demultiplexing (RFC 7983 style): could these bytes be one STUN message?
 * Checks the leading bits, the length framing and, when `requireCookie`, the magic cookie.
 */
export function looksLikeStun(bytes: Uint8Array, requireCookie = false): boolean {
  if (bytes.length < HEADER_LENGTH || ((bytes[0] as number) & 0xc0) !== 0) return false;
  const length = readU16(bytes, 2);
  if (length % 4 !== 0 || HEADER_LENGTH + length !== bytes.length) return false;
  return !requireCookie || readU32(bytes, 4) === MAGIC_COOKIE;
}
