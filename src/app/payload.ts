/**
 * A payload in a few words for labels and the event log: the text in quotes when it is text,
 * the STUN message type when it looks like STUN, else its size.
 */
import { payloadText } from '../model/index.ts';
import { describeMessageType, looksLikeStun } from '../model/stun/index.ts';

/** Whether every byte is printable ASCII, tab or newline. */
function isText(bytes: Uint8Array): boolean {
  for (const b of bytes)
    if (!(b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f))) return false;
  return true;
}

/** A short description: `“toc”`, `STUN Binding request`, or `56 B binary`. */
export function payloadSummary(payload: Uint8Array): string {
  if (payload.length > 0 && isText(payload))
    return `“${payloadText(payload).replace(/\n$/, '').replace(/\n/g, '⏎')}”`;
  if (looksLikeStun(payload)) {
    const type = ((payload[0] as number) << 8) | (payload[1] as number);
    return `STUN ${describeMessageType(type).replace(/\s*\(0x[0-9a-f]+\)$/i, '')}`;
  }
  return `${payload.length} B binary`;
}
