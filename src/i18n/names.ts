/**
 * How the model's node ids read for people in each language: "bob-nat" is "NAT de Bob" or
 * "Bob's NAT", "server" is "Servidor" or "Server"; every sentence that names a node uses this.
 */
import { t } from './index.ts';
import type { Lang } from './index.ts';

/** A way to name a node id in a language. */
export type Namer = (lang: Lang, id: string) => string;

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The name of a node for people: "Bob", "NAT de Bob", "CGNAT", "Server". */
export function nodeName(lang: Lang, id: string): string {
  if (id === 'server') return lang === 'es' ? 'Servidor' : 'Server';
  if (id === 'cgnat') return 'CGNAT';
  if (id === 'relay') return t(lang, 'relayNode');
  const m = /^(.*)-nat$/.exec(id);
  if (m && m[1]) return t(lang, 'natOf', { name: cap(m[1]) });
  return cap(id);
}

/** The model's own ids, as its English sentences use them. */
export const asId: Namer = (_lang, id) => id;
