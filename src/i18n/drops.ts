/**
 * Drop reasons in the UI language: the model's DROP_REASON_TEXT for English, a Spanish table
 * for Spanish (the model's sentences are English only), the filtering rule that dropped a packet
 * (from the drop's facts, never guessed from the reason), and a short tag for the stage.
 */
import { DROP_REASON_TEXT } from '../model/index.ts';
import type { DropFacts, DropReason, NatPolicy } from '../model/index.ts';
import type { Lang } from './index.ts';

const ES: Readonly<Record<DropReason, string>> = {
  'no-route': 'no hay ruta hacia la dirección de destino',
  'link-loss': 'perdido en el enlace',
  'no-mapping': 'filtrado: ningún mapeo usa este puerto externo',
  'filtered-address': 'filtrado: el mapeo nunca envió a esta dirección',
  'filtered-port': 'filtrado: el mapeo envió a esta dirección, pero nunca a este puerto',
  'router-port-closed':
    'llegó a la pila del propio router y nadie escucha ahí; el router guardó una entrada de conntrack',
  'hairpin-unsupported':
    'este NAT no hace horquilla con paquetes dirigidos a su propia dirección externa',
  'port-exhausted': 'no queda ningún puerto externo libre',
  'port-unreachable': 'ningún socket escucha en este puerto del host',
  'socket-connected-elsewhere':
    'el socket está conectado a otro remoto, así que el núcleo lo descarta',
};

/** A few words per reason, for the tag beside a dropped packet on the stage. */
const TAG: Readonly<Record<Lang, Readonly<Record<DropReason, string>>>> = {
  en: {
    'no-route': 'no route',
    'link-loss': 'lost on the link',
    'no-mapping': 'no mapping',
    'filtered-address': 'filtered: address',
    'filtered-port': 'filtered: port',
    'router-port-closed': "router's own port",
    'hairpin-unsupported': 'no hairpinning',
    'port-exhausted': 'no free port',
    'port-unreachable': 'port unreachable',
    'socket-connected-elsewhere': 'socket connected elsewhere',
  },
  es: {
    'no-route': 'sin ruta',
    'link-loss': 'perdido en el enlace',
    'no-mapping': 'sin mapeo',
    'filtered-address': 'filtrado: dirección',
    'filtered-port': 'filtrado: puerto',
    'router-port-closed': 'puerto del propio router',
    'hairpin-unsupported': 'sin horquilla',
    'port-exhausted': 'sin puerto libre',
    'port-unreachable': 'puerto inalcanzable',
    'socket-connected-elsewhere': 'socket conectado a otro',
  },
};

/** RFC 4787 filtering rules by name, in each language. */
const FILTERING: Readonly<Record<Lang, Readonly<Record<NatPolicy['filtering'], string>>>> = {
  en: {
    'endpoint-independent': 'endpoint-independent filtering',
    'address-dependent': 'address-dependent filtering',
    'address-port-dependent': 'address-and-port-dependent filtering',
  },
  es: {
    'endpoint-independent': 'filtrado independiente del destino',
    'address-dependent': 'filtrado dependiente de la dirección',
    'address-port-dependent': 'filtrado dependiente de dirección y puerto',
  },
};

/** The sentence for a drop reason in `lang`. */
export function dropText(lang: Lang, reason: DropReason): string {
  return lang === 'es' ? ES[reason] : DROP_REASON_TEXT[reason];
}

/**
 * The sentence for a drop in `lang`, naming the filtering rule of the NAT that dropped it when
 * the drop's facts carry it, e.g. "filtered: the mapping never sent to this address
 * (address-and-port-dependent filtering)".
 */
export function dropSummary(
  lang: Lang,
  d: { readonly reason: DropReason; readonly facts?: DropFacts | undefined },
): string {
  const rule = d.facts?.filtering;
  const text = dropText(lang, d.reason);
  return rule ? `${text} (${FILTERING[lang][rule]})` : text;
}

/** A few words for a drop reason in `lang`, for the tag beside the packet. */
export function dropTag(lang: Lang, reason: DropReason): string {
  return TAG[lang][reason];
}
