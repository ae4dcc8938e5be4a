/**
 * Words after a count, as tables: `{n#one|other}` picks the form by each language's plural rule,
 * so the lab's counts read "1 agent" / "0 agentes" / "2 agents" and "1 of 1 step"; a missing or
 * non-numeric parameter leaves the placeholder as written, and every string with a count form in
 * one language has it in the other with the same parameter.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { es } from '../../src/i18n/es.ts';
import { t } from '../../src/i18n/index.ts';
import type { Lang } from '../../src/i18n/index.ts';
import { PLACEHOLDER, fill } from '../../src/i18n/plural.ts';

describe('counts in the lab, in both languages', () => {
  it.each<[Lang, number, string, string, string]>([
    ['en', 0, 'Lab: 0 agents', 'Lab pair-1: 0 agents', 'Running for real: 0 of 0 steps…'],
    ['en', 1, 'Lab: 1 agent', 'Lab pair-1: 1 agent', 'Running for real: 0 of 1 step…'],
    ['en', 2, 'Lab: 2 agents', 'Lab pair-1: 2 agents', 'Running for real: 0 of 2 steps…'],
    [
      'es',
      0,
      'Laboratorio: 0 agentes',
      'Laboratorio pair-1: 0 agentes',
      'Ejecutando de verdad: 0 de 0 pasos…',
    ],
    [
      'es',
      1,
      'Laboratorio: 1 agente',
      'Laboratorio pair-1: 1 agente',
      'Ejecutando de verdad: 0 de 1 paso…',
    ],
    [
      'es',
      2,
      'Laboratorio: 2 agentes',
      'Laboratorio pair-1: 2 agentes',
      'Ejecutando de verdad: 0 de 2 pasos…',
    ],
  ])('%s %d', (lang, n, connected, room, running) => {
    expect(t(lang, 'labConnected', { n })).toBe(connected);
    expect(t(lang, 'labConnectedRoom', { n, room: 'pair-1' })).toBe(room);
    expect(t(lang, 'labRunning', { done: 0, total: n })).toBe(running);
  });

  it.each<[Lang, number, string]>([
    ['en', 1, '0 of 1 datagram differs'],
    ['en', 2, '0 of 2 datagrams differ'],
    ['es', 1, '0 de 1 datagrama difiere'],
    ['es', 0, '0 de 0 datagramas difieren'],
  ])('%s diff count of %d', (lang, total, want) =>
    expect(t(lang, 'labDiffCount', { n: 0, total })).toBe(want),
  );
});

describe('fill', () => {
  it.each<[string, Record<string, string | number>, string]>([
    ['{n} {n#agent|agents}', { n: 1 }, '1 agent'],
    ['{n} {n#agent|agents}', { n: 1.5 }, '1.5 agents'],
    ['{n} {n#agent|agents}', {}, '{n} {n#agent|agents}'],
    ['{n#agent|agents}', { n: 'many' }, '{n#agent|agents}'],
    ['{a} and {b}', { a: 'x', b: 2 }, 'x and 2'],
  ])('%s with %j', (s, params, want) => expect(fill('en', s, params)).toBe(want));
});

it('every count form is in both languages, on the same parameter', () => {
  const forms = (s: string): string[] =>
    [...s.matchAll(PLACEHOLDER)].filter((m) => m[2] !== undefined).map((m) => m[1]!);
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    expect([key, forms(es[key])]).toEqual([key, forms(en[key])]);
  }
});
