/**
 * Why a capture file was refused: a code the browser words in its language (src/i18n) and an
 * English detail naming the problem and where it is (byte offset, block, record).
 */

/** What was wrong with a capture, as a code. */
export type CaptureErrorCode =
  | 'not-a-capture'
  | 'too-large'
  | 'truncated'
  | 'bad-length'
  | 'bad-block'
  | 'too-many-packets'
  | 'too-many-interfaces'
  | 'no-interface'
  | 'no-udp'
  | 'no-server';

/** A refused capture: `code` for the UI, `message` in English with the details. */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    readonly code: CaptureErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The largest capture file read (bytes). */
export const MAX_CAPTURE_BYTES = 64 * 1024 * 1024;
/** The most packets read from one file; a lab run has tens to thousands. */
export const MAX_CAPTURE_PACKETS = 200_000;
/** The most interfaces (over every pcapng section). */
export const MAX_CAPTURE_INTERFACES = 1024;
