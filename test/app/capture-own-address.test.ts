/**
 * The browser's import of a class run whose machines' captures hold two parties each (a
 * capture filtered to one exchange): each machine's address read from its capture's evidence
 * (the Server's SLL2 frames say "to us"), and where nothing in it says, the roles page says
 * the address was a guess, in Spanish and English. The repository's three-machine capture,
 * cut and edited (test/capture/fixture-edits.ts).
 */
import { describe, expect, it } from 'vitest';
import { importCapture } from '../../src/app/capture-import.ts';
import { reasonIn } from '../../src/app/capture-words.ts';
import type { CaptureFile } from '../../src/capture/container.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { editIp, only, part, raw, renumber, ttlOf } from '../capture/fixture-edits.ts';

/** The class run renumbered as a campus's (not the namespace lab's documentation addresses). */
const CAMPUS = {
  '203.0.113.162': '203.0.113.50',
  '203.0.113.163': '203.0.113.51',
  '198.51.100.24': '198.51.100.7',
  '192.0.2.113': '192.0.2.80',
  '192.168.1.10': '10.1.0.5',
  '192.168.2.20': '10.2.0.9',
};
const klass = (n: string) => renumber(part('three-machines.pcapng', n), CAMPUS);
const file = (c: Record<string, CaptureFile>) =>
  mergeCaptures(Object.entries(c).map(([name, capture]) => ({ name, description: '', capture })));

/** The Server's capture with only Bob's "toc": address order would make it 198.51.100.24. */
const serverFromBob = only(klass('server'), (t, src) => t === 'toc\n' && src === '198.51.100.7');
/** Bob's with only what he sent Alice, as raw IP with TTL 64: nothing says which end is his. */
const bobBlind = editIp(raw(only(klass('bob'), (t) => t === 'soy Bob\n')), ttlOf(64));

describe('a two-party machine capture in the import', () => {
  it.each([
    {
      name: "the Server's capture holds Bob's toc only",
      c: { server: serverFromBob, alice: klass('alice'), bob: klass('bob') },
      server: ['203.0.113.50'],
      bob: '10.2.0.9',
      guessed: [],
      // Alice's "toc" is not in the Server's capture: nothing of hers to pair (it was paired
      // with Bob's by its bytes, and her frames moved by what separated the two).
      alice: 'none',
    },
    {
      name: "Bob's capture says nothing of direction",
      c: { server: klass('server'), alice: klass('alice'), bob: bobBlind },
      server: ['203.0.113.50'],
      bob: '10.2.0.9',
      guessed: ['own-guessed-private'],
      alice: 'consistent',
    },
  ])('$name', ({ c, server, bob, guessed, alice }) => {
    const { book, clocks } = importCapture(file(c)).analysis;
    expect(book.server.slice(0, 1)).toEqual(server);
    expect(book.server).not.toContain('198.51.100.7');
    expect(clocks.find((k) => k.machine === 'alice')).toMatchObject({ kind: alice });
    expect([...book.bob.lan, ...book.bob.wan]).toContain(bob);
    expect(book.reasons.filter((r) => r.kind.startsWith('own-')).map((r) => r.kind)).toEqual(
      guessed,
    );
    // Said right after the machine's addresses it qualifies.
    const at = book.reasons.findIndex((r) => r.kind.startsWith('own-'));
    if (at >= 0)
      expect(book.reasons[at - 1]).toMatchObject({ kind: 'peer-machine', values: { who: 'bob' } });
  });

  it.each([
    {
      lang: 'en',
      kind: 'own-guessed-private',
      who: 'bob',
      text: "Bob 192.168.2.20: a guess, the private address (two addresses are in the same datagrams of its capture, and neither its link layer, the Server's ports nor the TTLs say which one is its own)",
    },
    {
      lang: 'es',
      kind: 'own-guessed-private',
      who: 'bob',
      text: 'Bob 192.168.2.20: una suposición, la dirección privada (dos direcciones aparecen en los mismos datagramas de su captura, y ni su capa de enlace, ni los puertos del Servidor ni los TTL dicen cuál es la suya)',
    },
    {
      lang: 'es',
      kind: 'own-guessed',
      who: 'server',
      text: 'Servidor 198.51.100.24: una suposición (dos direcciones aparecen en los mismos datagramas de su captura, y ni su capa de enlace, ni los puertos del Servidor ni los TTL dicen cuál es la suya)',
    },
    {
      lang: 'en',
      kind: 'own-guessed',
      who: 'server',
      text: "Server 198.51.100.24: a guess (two addresses are in the same datagrams of its capture, and neither its link layer, the Server's ports nor the TTLs say which one is its own)",
    },
  ] as const)('$lang $kind of $who', ({ lang, kind, who, text }) => {
    const ips = who === 'bob' ? '192.168.2.20' : '198.51.100.24';
    expect(reasonIn(lang, { kind, values: { who, ips } })).toBe(text);
  });

  it('names the Server in its other reasons too', () => {
    expect(reasonIn('es', { kind: 'peer-missing', values: { who: 'server' } })).toBe(
      'Servidor: no aparece en la captura',
    );
  });
});
