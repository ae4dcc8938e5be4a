/** A count and its noun in the CLI's English, as a table over 0, 1, 2 (and an irregular plural). */
import { expect, it } from 'vitest';
import { count } from '../../src/protocol/count.ts';

it.each<[number, string, string | undefined, string]>([
  [0, 'agent', undefined, '0 agents'],
  [1, 'agent', undefined, '1 agent'],
  [2, 'agent', undefined, '2 agents'],
  [1, 'punch register', undefined, '1 punch register'],
  [2, 'entry', 'entries', '2 entries'],
])('%d %s', (n, one, other, want) => expect(count(n, one, other)).toBe(want));
