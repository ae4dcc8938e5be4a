/**
 * Text in STUN: UTF-8 in and out of attribute values (USERNAME, REALM, NONCE, SOFTWARE, reason
 * phrases), and SASLprep (RFC 4013), which RFC 5389 applies to passwords before they become keys.
 */

const encoder = new TextEncoder();
/** Fatal so invalid UTF-8 is reported, and BOM-keeping so decode then encode is exact. */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes a string as UTF-8 bytes. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 bytes into a string, or returns undefined when the bytes are not valid UTF-8.
 * Never throws; a byte order mark is kept, so `utf8Encode(utf8Decode(b))` gives back `b`.
 */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Inclusive code point ranges. */
type Ranges = readonly (readonly [number, number])[];

const inRanges = (cp: number, ranges: Ranges): boolean =>
  ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** RFC 3454 table B.1, "commonly mapped to nothing": removed by SASLprep (soft hyphen first). */
const MAPPED_TO_NOTHING: Ranges = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x1806, 0x1806],
  [0x180b, 0x180d],
  [0x200b, 0x200d],
  [0x2060, 0x2060],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];

/** RFC 3454 table C.1.2, non-ASCII spaces: mapped to U+0020 (U+200B is in B.1, so removed). */
const NON_ASCII_SPACE: Ranges = [
  [0x00a0, 0x00a0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
];

/**
 * Characters SASLprep prohibits in its output, from RFC 3454 tables C.2.1 and C.2.2 (controls),
 * C.3 (private use), C.4 (non-characters), C.5 (surrogates), C.8 (display-changing) and C.9
 * (tags). Unassigned code points (table A.1) and the bidi rule are not checked.
 */
const PROHIBITED = new RegExp(
  [
    '[\\u0000-\\u001F\\u007F-\\u009F\\u06DD\\u070F\\u180E\\u2028\\u2029\\u2061-\\u2063]',
    '[\\u206A-\\u206F\\uFFF9-\\uFFFC\\u{1D173}-\\u{1D17A}]',
    '[\\uE000-\\uF8FF\\u{F0000}-\\u{FFFFD}\\u{100000}-\\u{10FFFD}]',
    '[\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\u{1FFFE}\\u{1FFFF}\\u{10FFFE}\\u{10FFFF}]',
    '[\\uD800-\\uDFFF]',
    '[\\u0340\\u0341\\u200E\\u200F\\u202A-\\u202E]',
    '[\\u{E0001}\\u{E0020}-\\u{E007F}]',
  ].join('|'),
  'u',
);

/**
 * Prepares a password (or another simple user name) with SASLprep, RFC 4013: removes the
 * "mapped to nothing" characters (such as U+00AD SOFT HYPHEN), maps non-ASCII spaces to
 * U+0020, then applies Unicode normalization form KC. Returns undefined when the result holds a
 * prohibited character. RFC 5769's long-term vector relies on it: "The\u00ADm\u00AAtr\u2168"
 * prepares to "TheMatrIX".
 */
export function saslprep(text: string): string | undefined {
  let mapped = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (inRanges(cp, MAPPED_TO_NOTHING)) continue;
    mapped += inRanges(cp, NON_ASCII_SPACE) ? ' ' : ch;
  }
  const normalized = mapped.normalize('NFKC');
  return PROHIBITED.test(normalized) ? undefined : normalized;
}
