/**
 * src/protocol is pure: the browser imports it, so it imports no Node built-ins, no DOM-bound
 * library and nothing of the lab, only valibot and the pure model.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/protocol');

it('imports only valibot, itself and the pure model', () => {
  const bad: string[] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(DIR, file), 'utf8');
    for (const [, spec] of text.matchAll(/from '([^']+)'/g)) {
      const ok = spec === 'valibot' || spec!.startsWith('./') || spec!.startsWith('../model/');
      if (!ok) bad.push(`${file}: ${spec}`);
    }
  }
  expect(bad).toEqual([]);
});
