/**
 * The model's own English for a capture record's comment: the hop, then what happened to the
 * packet at its end (a NAT's rewrite, a drop with the model's sentence, a delivery). The
 * simulator words the same events in the UI's language instead (src/app/pcapng-export.ts).
 */
import { formatEndpoint } from '../endpoint.ts';
import { DROP_REASON_TEXT } from '../trace.ts';
import type { HopEvent } from './capture.ts';

/** Words one hop event. */
export type Explain = (e: HopEvent) => string;

/** `a ⇒ b` when a NAT changed an endpoint, else the endpoint. */
function change(before: string, after: string): string {
  return before === after ? after : `${before} => ${after}`;
}

/** The model's English sentence for `e`. */
export const explainEnglish: Explain = (e) => {
  switch (e.type) {
    case 'forwarded':
      return `#${e.packet.id} ${e.from} -> ${e.to}: ${formatEndpoint(e.packet.src)} -> ${formatEndpoint(e.packet.dst)}`;
    case 'translated': {
      const src = change(formatEndpoint(e.before.src), formatEndpoint(e.after.src));
      const dst = change(formatEndpoint(e.before.dst), formatEndpoint(e.after.dst));
      return `${e.node} rewrites it (${e.direction}): ${src} -> ${dst}`;
    }
    case 'dropped':
      return `dropped at ${e.node}: ${e.detail} (${DROP_REASON_TEXT[e.reason]})`;
    case 'delivered':
      return `delivered to ${e.node}'s socket ${formatEndpoint(e.socket)}`;
    default: {
      const never: never = e;
      return never;
    }
  }
};
