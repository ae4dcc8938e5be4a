/**
 * Words for what the stage shows: one sentence (plus a technical detail line) for each trace
 * event, in the UI language, naming nodes by their display names (re-exported from i18n/names).
 */
import { formatEndpoint } from '../model/index.ts';
import { payloadSummary } from './payload.ts';
import type { Endpoint, FlowView, TraceEvent } from '../model/index.ts';
import { dropSummary } from '../i18n/drops.ts';
import { nodeName } from '../i18n/names.ts';
import { bindingNote, dropDetail } from '../i18n/reasons.ts';
import { t } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';

export { nodeName };

/** How an event reads: neutral, NAT work, success or failure. */
export type Tone = 'info' | 'nat' | 'ok' | 'bad';

/** One event in words. */
export interface Narration {
  readonly title: string;
  /** Addresses, payload, reasons: shown in monospace. */
  readonly detail: string;
  readonly tone: Tone;
}

const ep = (e: Endpoint): string => formatEndpoint(e);

/** A flow's conntrack tuples in words: "original a -> b · reply c -> d". */
function flowTuples(lang: Lang, f: FlowView): string {
  const show = (x: FlowView['original']) => `${ep(x.src)} → ${ep(x.dst)}`;
  return t(lang, 'flowTuples', { original: show(f.original), reply: show(f.reply) });
}

/** The sentence and detail line for `e`. */
export function narrate(lang: Lang, e: TraceEvent): Narration {
  const n = (id: string) => nodeName(lang, id);
  switch (e.type) {
    case 'command':
      return {
        title: t(lang, 'evCommand', { actor: n(e.actor) }),
        detail: `$ ${e.text}`,
        tone: 'info',
      };
    case 'output':
      return {
        title: t(lang, 'evOutput', { actor: n(e.actor) }),
        detail: e.text.trimEnd(),
        tone: 'info',
      };
    case 'sent':
      return {
        title: t(lang, 'evSent', { node: n(e.node), id: e.packet.id }),
        detail: `${ep(e.packet.src)} → ${ep(e.packet.dst)}  ${payloadSummary(e.packet.payload)}`,
        tone: 'info',
      };
    case 'forwarded':
      return {
        title: t(lang, 'evForwarded', { id: e.packet.id, from: n(e.from), to: n(e.to) }),
        detail: `${ep(e.packet.src)} → ${ep(e.packet.dst)}`,
        tone: 'info',
      };
    case 'translated': {
      const key =
        e.direction === 'outbound'
          ? 'evTranslatedOut'
          : e.direction === 'inbound'
            ? 'evTranslatedIn'
            : 'evTranslatedHairpin';
      const src =
        ep(e.before.src) === ep(e.after.src)
          ? ep(e.after.src)
          : `${ep(e.before.src)} ⇒ ${ep(e.after.src)}`;
      const dst =
        ep(e.before.dst) === ep(e.after.dst)
          ? ep(e.after.dst)
          : `${ep(e.before.dst)} ⇒ ${ep(e.after.dst)}`;
      return {
        title: t(lang, key, { node: n(e.node), id: e.after.id }),
        detail: `${src} → ${dst}`,
        tone: 'nat',
      };
    }
    case 'mapping-created': {
      const note = bindingNote(lang, e.binding);
      return {
        title: t(lang, 'evMappingCreated', { node: n(e.node) }),
        detail: `${ep(e.binding.internal)} ⇄ ${ep(e.binding.external)}${note ? `  (${note})` : ''}`,
        tone: 'nat',
      };
    }
    case 'mapping-refreshed':
      return {
        title: t(lang, 'evMappingRefreshed', { node: n(e.node), id: e.bindingId }),
        detail: t(lang, 'expiresIn', { s: ((e.expiresAt - e.t) / 1000).toFixed(0) }),
        tone: 'nat',
      };
    case 'mapping-expired':
      return {
        title: t(lang, 'evMappingExpired', { node: n(e.node) }),
        detail: `${ep(e.binding.internal)} ⇄ ${ep(e.binding.external)}`,
        tone: 'bad',
      };
    case 'flow-created':
      return {
        title: t(lang, 'evFlowCreated', { node: n(e.node) }),
        detail: flowTuples(lang, e.flow),
        tone: 'nat',
      };
    case 'flow-expired':
      return {
        title: t(lang, 'evFlowExpired', { node: n(e.node) }),
        detail: flowTuples(lang, e.flow),
        tone: 'bad',
      };
    case 'delivered':
      return {
        title: t(lang, 'evDelivered', { node: n(e.node), id: e.packet.id }),
        detail: `${ep(e.socket)} ← ${ep(e.packet.src)}  ${payloadSummary(e.packet.payload)}`,
        tone: 'ok',
      };
    case 'dropped':
      return {
        title: `${t(lang, 'evDropped', { node: n(e.node), id: e.packet.id })}: ${dropSummary(lang, e)}`,
        detail: dropDetail(lang, e),
        tone: 'bad',
      };
    default: {
      const never: never = e;
      return never;
    }
  }
}
