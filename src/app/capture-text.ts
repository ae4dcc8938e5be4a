/**
 * The chat text of a captured datagram, when it is one: UTF-8 that a user could have typed
 * into `echo "..." | nc` (letters, digits, spaces, plain punctuation), without nc's newline.
 * STUN messages, keepalives and anything binary are not chat text.
 */
import { ChatTextSchema } from '../protocol/fields.ts';
import * as v from 'valibot';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The datagram's text, or undefined when it is not chat text. */
export function chatText(payload: Uint8Array): string | undefined {
  let text: string;
  try {
    text = decoder.decode(payload);
  } catch {
    return undefined;
  }
  text = text.replace(/\r?\n$/, '');
  return v.is(ChatTextSchema, text) ? text : undefined;
}
