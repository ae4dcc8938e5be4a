/**
 * Drop reasons in the UI language: the model's DROP_REASON_TEXT for English, a Spanish table
 * for Spanish (the model's sentences are English only).
 */
import { DROP_REASON_TEXT } from '../model/index.ts';
import type { DropReason } from '../model/index.ts';
import type { Lang } from './index.ts';

const ES: Readonly<Record<DropReason, string>> = {
  'no-route': 'no hay ruta hacia la dirección de destino',
  'link-loss': 'perdido en el enlace',
  'no-mapping': 'filtrado: ningún mapeo usa este puerto externo',
  'filtered-address':
    'filtrado: el mapeo nunca envió a esta dirección (filtrado dependiente de la dirección)',
  'filtered-port':
    'filtrado: el mapeo nunca envió a esta dirección y puerto (filtrado dependiente de dirección y puerto)',
  'router-port-closed':
    'llegó a la pila del propio router y nadie escucha ahí; el router guardó una entrada de conntrack',
  'hairpin-unsupported':
    'este NAT no hace horquilla con paquetes dirigidos a su propia dirección externa',
  'port-exhausted': 'no queda ningún puerto externo libre',
  'port-unreachable': 'ningún socket escucha en este puerto del host',
  'socket-connected-elsewhere':
    'el socket está conectado a otro remoto, así que el núcleo lo descarta',
};

/** The sentence for a drop reason in `lang`. */
export function dropText(lang: Lang, reason: DropReason): string {
  return lang === 'es' ? ES[reason] : DROP_REASON_TEXT[reason];
}
