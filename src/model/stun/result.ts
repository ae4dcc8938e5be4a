/**
 * The result shape of the STUN codec: decoding and encoding never throw, they return either
 * `{ ok: true, value }` or `{ ok: false, error: { code, offset, message } }`.
 */

/**
 * Every way a STUN message can fail to decode (or a message description fail to encode):
 * - `truncated`: fewer than 20 header bytes, or fewer bytes than the Message Length says;
 * - `not-stun`: the two leading bits of the message type are not zero (RFC 8489 §5), so this
 *   is not STUN (it may be ChannelData, RTP, DTLS or garbage);
 * - `bad-length`: the Message Length is not a multiple of 4, or bytes follow the message;
 * - `attribute-overrun`: an attribute's header or value runs past the end of the message;
 * - `bad-padding`: non-zero padding bytes, reported only with `padding: 'reject'`
 *   (RFC 8489 §14 says receivers ignore padding, so by default it is accepted);
 * - `bad-family`: an address attribute's family is neither 0x01 (IPv4) nor 0x02 (IPv6);
 * - `bad-attribute`: a known attribute whose value has the wrong size or form;
 * - `bad-fingerprint`: FINGERPRINT does not match the message (unless `fingerprint: 'flag'`);
 * - `after-fingerprint`: an attribute follows FINGERPRINT, which must come last (§14.7);
 * - `too-many-attributes`: more attributes than the lean parse's `maxAttributes` allows;
 * - `bad-input`: the encoder was given something it cannot write (encoder only).
 */
export type StunErrorCode =
  | 'truncated'
  | 'not-stun'
  | 'bad-length'
  | 'attribute-overrun'
  | 'bad-padding'
  | 'bad-family'
  | 'bad-attribute'
  | 'bad-fingerprint'
  | 'after-fingerprint'
  | 'too-many-attributes'
  | 'bad-input';

/** Why a message could not be decoded or encoded. */
export interface StunError {
  /** Machine-readable reason, to branch on. */
  readonly code: StunErrorCode;
  /**
   * Byte offset of the problem: in the input for the decoder (the first byte that is wrong or
   * missing), in the output being built for the encoder.
   */
  readonly offset: number;
  /** One human sentence naming what is wrong, with the numbers involved. */
  readonly message: string;
}

/** Either a value or a typed error; never both, and no exceptions. */
export type StunResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StunError };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): StunResult<T> {
  return { ok: true, value };
}

/** Builds a failed result. */
export function fail<T>(code: StunErrorCode, offset: number, message: string): StunResult<T> {
  return { ok: false, error: { code, offset, message } };
}

/**
 * Returns the value of a result or throws an Error carrying the error's code and message:
 * for callers (tests, the CLI, the server building its own replies) that consider a failure a
 * programming error.
 */
export function unwrap<T>(result: StunResult<T>): T {
  if (result.ok) return result.value;
  const { code, offset, message } = result.error;
  throw new Error(`STUN ${code} at byte ${offset}: ${message}`);
}
