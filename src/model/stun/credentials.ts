/**
 * The keys of STUN's two credential mechanisms (RFC 8489 §9): the short-term key is the
 * password itself, the long-term key is MD5(username ":" realm ":" password).
 *
 * ```
 *   short-term:  key = SASLprep(password)                                    (§9.1.1)
 *   long-term:   key = MD5(username ":" realm ":" SASLprep(password))        (§9.2.2)
 *                 \____ HMAC-SHA1(key, message up to MESSAGE-INTEGRITY) ____/
 * ```
 * SASLprep follows RFC 5389, which RFC 5769's vectors were computed with; RFC 8489's
 * OpaqueString would prepare RFC 5769's password differently (it keeps U+00AA).
 */
import { md5 } from './md5.ts';
import { saslprep, utf8Encode } from './text.ts';

/**
 * Prepares a password for use in a key. When SASLprep rejects the text (it holds a prohibited
 * character) the text is used as it is, as servers without SASLprep (coturn among them) do.
 */
function preparePassword(password: string): string {
  return saslprep(password) ?? password;
}

/**
 * The short-term credential key (RFC 8489 §9.1.1): the UTF-8 bytes of SASLprep(password).
 * @example shortTermKey('VOkJxbRl1RmTxUk/WvJxBt') // the key of RFC 5769's first three vectors
 */
export function shortTermKey(password: string): Uint8Array {
  return utf8Encode(preparePassword(password));
}

/**
 * The long-term credential key (RFC 8489 §9.2.2 with RFC 5389's SASLprep):
 * MD5(username ":" realm ":" SASLprep(password)), 16 bytes. The username and realm are used as
 * they appear in the USERNAME and REALM attributes.
 * @example longTermKey('\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9', 'example.org', 'The\u00ADm\u00AAtr\u2168')
 */
export function longTermKey(username: string, realm: string, password: string): Uint8Array {
  return md5(utf8Encode(`${username}:${realm}:${preparePassword(password)}`));
}
