/**
 * The model's sentences in the UI language: drop details, goal outcome reasons, outcome-matrix
 * reasons and binding notes, worded from the model's data; in English each equals the model's own
 * string (test/components/reasons.test.ts checks every case against real runs).
 *
 * Values beyond the packet and node come from the drop's `facts` and the binding's `noteFacts`;
 * a wording is used only when its English rendering with the model's ids equals the model's
 * string, otherwise the view falls back (see each function), so a model sentence that changes
 * shape is never misworded. What the views show names nodes as people read them ("NAT de Alice").
 */
import { formatEndpoint, limitReason } from '../model/index.ts';
import type {
  BindingView,
  GoalOutcome,
  Localized,
  MatrixCell,
  PunchVariant,
  TraceEvent,
} from '../model/index.ts';
import { dropText } from './drops.ts';
import type { Lang } from './index.ts';
import { asId, nodeName } from './names.ts';
import type { Namer } from './names.ts';

/** A `dropped` trace event. */
export type DropEvent = Extract<TraceEvent, { type: 'dropped' }>;

const ep = formatEndpoint;
const both = (en: string, es: string): Localized => ({ en, es });

/**
 * A drop's detail in both languages, built from the event (reason, node, packet), or undefined
 * when the detail has a shape this module does not know. With the default `name` (the model's
 * ids), `en` should equal `e.detail`.
 */
export function wordDrop(e: DropEvent, name: Namer = asId): Localized | undefined {
  const { facts } = e;
  const node = { en: name('en', e.node), es: name('es', e.node) };
  const src = ep(e.packet.src);
  const dst = ep(e.packet.dst);
  switch (e.reason) {
    case 'no-mapping':
    case 'filtered-address':
    case 'filtered-port':
      return both(
        `filtered: no mapping permits ${src} -> ${dst}`,
        `filtrado: ningún mapeo permite ${src} -> ${dst}`,
      );
    case 'router-port-closed':
      // Two variants: the drop that creates the router's local entry, and a later packet that
      // matches that entry.
      if (facts?.createdState === undefined) return undefined;
      return facts.createdState
        ? both(
            `no mapping permits ${src} -> ${dst}; INPUT accepts it, so the router keeps a conntrack entry that can clash later`,
            `ningún mapeo permite ${src} -> ${dst}; INPUT lo acepta, así que el router guarda una entrada de conntrack que puede chocar más tarde`,
          )
        : both(
            `${src} -> ${dst} matched the router's own conntrack entry`,
            `${src} -> ${dst} coincidió con una entrada de conntrack del propio router`,
          );
    case 'hairpin-unsupported':
      return both(
        `${node.en} does not hairpin ${src} -> ${dst}`,
        `${node.es} no hace horquilla con ${src} -> ${dst}`,
      );
    case 'no-route':
      return both(
        `no route to ${e.packet.dst.ip} from ${node.en}`,
        `no hay ruta hacia ${e.packet.dst.ip} desde ${node.es}`,
      );
    case 'link-loss': {
      const to = facts?.toNode;
      if (to === undefined) return undefined;
      return both(
        `lost on the link from ${node.en} to ${name('en', to)}`,
        `perdido en el enlace de ${node.es} a ${name('es', to)}`,
      );
    }
    case 'port-exhausted': {
      const ip = facts?.externalIp;
      if (ip === undefined) return undefined;
      return both(
        `no free external port on ${ip}`,
        `no queda ningún puerto externo libre en ${ip}`,
      );
    }
    case 'port-unreachable':
      return both(`nothing listens on ${dst}`, `nadie escucha en ${dst}`);
    case 'socket-connected-elsewhere': {
      if (!facts?.connectedTo) return undefined;
      const remote = ep(facts.connectedTo);
      const port = e.packet.dst.port;
      return both(
        `socket ${port} is connected to ${remote}, not ${src}`,
        `el socket ${port} está conectado a ${remote}, no a ${src}`,
      );
    }
    default: {
      const never: never = e.reason;
      return never;
    }
  }
}

/**
 * A drop's detail in `lang`, nodes by their display names. Falls back to the model's detail in
 * English, and to the reason's general Spanish sentence when the detail has an unknown shape.
 */
export function dropDetail(lang: Lang, e: DropEvent): string {
  const w = wordDrop(e);
  if (w && w.en === e.detail) return (wordDrop(e, nodeName) ?? w)[lang];
  return lang === 'en' ? e.detail : dropText(lang, e.reason);
}

/**
 * A goal outcome's reason in both languages; with the default `name` (the model's ids), `en`
 * should equal `o.reason`.
 */
export function wordGoal(o: GoalOutcome, name: Namer = asId): Localized | undefined {
  const c = o.cause;
  switch (c.kind) {
    case 'delivered': {
      const at = ep(c.event.socket);
      const who = o.goal.actor;
      return both(
        `delivered to ${name('en', who)} at ${at}`,
        `entregado a ${name('es', who)} en ${at}`,
      );
    }
    case 'dropped': {
      if (wordDrop(c.event)?.en !== c.event.detail) return undefined;
      const w = wordDrop(c.event, name);
      if (!w) return undefined;
      const at = c.event.node;
      return both(`${w.en} (at ${name('en', at)})`, `${w.es} (en ${name('es', at)})`);
    }
    case 'never-sent':
      return both('never sent', 'nunca se envió');
    case 'in-flight':
      return both('still in flight or not delivered', 'aún en camino o sin entregar');
    case 'cut-short': {
      const { limit, t } = c.limit;
      return both(
        limitReason(c.limit),
        `sin decidir: la simulación se detuvo en su límite de ${limit} eventos (t = ${t / 1000} s)`,
      );
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}

/**
 * A goal outcome's reason in `lang`, nodes by their display names (the model's English reason
 * when it cannot be worded).
 */
export function goalReason(lang: Lang, o: GoalOutcome): string {
  const w = wordGoal(o);
  if (w && w.en === o.reason) return (wordGoal(o, nodeName) ?? w)[lang];
  if (lang === 'es' && o.cause.kind === 'dropped')
    return `${dropDetail(lang, o.cause.event)} (en ${nodeName(lang, o.cause.event.node)})`;
  return o.reason;
}

const HOW: Readonly<Record<PunchVariant, Localized>> = {
  'seed-order': both('the walkthrough order', 'el orden del recorrido'),
  'reply-to-source': both(
    'answering the address the punch came from (not the one the server saw)',
    'contestar a la dirección de origen del paquete que abrió el agujero (no a la que vio el servidor)',
  ),
  simultaneous: both(
    'punching at the same moment from both sides',
    'abrir el agujero en el mismo momento desde ambos lados',
  ),
};

/**
 * A matrix cell's reason in both languages; with the default `name` (the model's ids), `en`
 * should equal `c.reason`.
 */
export function wordMatrixCell(c: MatrixCell, name: Namer = asId): Localized | undefined {
  if (c.verdict === 'direct')
    return both(
      'the walkthrough works as typed, both directions',
      'el recorrido funciona tal cual, en ambas direcciones',
    );
  const miss = c.missed && wordGoal(c.missed, name);
  if (!c.missed || !miss) return undefined;
  const label = c.missed.goal.label;
  const en = `${label.en}: no, ${miss.en}`;
  const es = `${label.es}: no, ${miss.es}`;
  switch (c.verdict) {
    case 'fails':
      if (!c.worked) return undefined;
      return both(`${en}; ${HOW[c.worked].en} works`, `${es}; funciona ${HOW[c.worked].es}`);
    case 'port-prediction':
      if (!c.worked) return undefined;
      return both(
        `${en}; ${HOW[c.worked].en}, aimed at the next port of the sequential NAT (the one the server saw + 1), works`,
        `${es}; funciona ${HOW[c.worked].es}, apuntando al siguiente puerto del NAT secuencial (el que vio el servidor + 1)`,
      );
    case 'relay':
      return both(
        `${en}; no direct procedure works, a relay is needed`,
        `${es}; ningún procedimiento directo funciona, hace falta un relé`,
      );
    default: {
      const never: never = c.verdict;
      return never;
    }
  }
}

/**
 * A matrix cell's reason in `lang`, nodes by their display names (the model's English reason
 * when it cannot be worded).
 */
export function matrixReason(lang: Lang, c: MatrixCell): string {
  const w = wordMatrixCell(c);
  return w && w.en === c.reason ? (wordMatrixCell(c, nodeName) ?? w)[lang] : c.reason;
}

/**
 * A binding's note in both languages, from its `noteFacts` (the port used is the binding's
 * external port), or undefined when it has none.
 */
export function wordBindingNote(
  b: Pick<BindingView, 'noteFacts' | 'external'>,
): Localized | undefined {
  const f = b.noteFacts;
  if (f === undefined) return undefined;
  const used = b.external.port;
  switch (f.kind) {
    case 'out-of-range': {
      const [lo, hi] = f.range;
      return both(
        `port ${f.wanted} is outside this NAT's range ${lo}-${hi}, so ${used} was used`,
        `el puerto ${f.wanted} está fuera del rango ${lo}-${hi} de este NAT, así que se usó el ${used}`,
      );
    }
    case 'taken':
      return both(
        `port ${f.wanted} was taken, so ${used} was used`,
        `el puerto ${f.wanted} estaba ocupado, así que se usó el ${used}`,
      );
    case 'clash': {
      const local = f.holder === 'local';
      return both(
        `clash: ${ep(f.wanted)} toward ${ep(f.remote)} was already held by a ${local ? "conntrack entry of the router's own" : 'flow'}, so ${used} was used`,
        `choque: ${ep(f.wanted)} hacia ${ep(f.remote)} ya lo ocupaba ${local ? 'una entrada de conntrack del propio router' : 'un flujo'}, así que se usó el ${used}`,
      );
    }
    default: {
      const never: never = f;
      return never;
    }
  }
}

/** A binding's note in `lang` (the model's English note when it cannot be read). */
export function bindingNote(
  lang: Lang,
  b: Pick<BindingView, 'note' | 'noteFacts' | 'external'>,
): string | undefined {
  const w = wordBindingNote(b);
  return w && w.en === b.note ? w[lang] : b.note;
}
