/**
 * Keeps src/capture pure, like src/model: its files import only each other and the model (no
 * Node built-ins, no lit, d3 or xstate, nothing of the app, the lab or the browser), and name
 * no clock, timer or DOM global, so the browser and the lab read captures with the same code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../src/capture');
const FILES = readdirSync(ROOT).filter((f) => f.endsWith('.ts'));
/** Code without comments and string contents (a crude but sufficient strip for these files). */
const code = (text: string): string =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''");

describe('src/capture is pure', () => {
  it.each(FILES)('%s', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const specs = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);
    expect(specs.filter((s) => !/^\.\/[\w-]+\.ts$|^\.\.\/model\/[\w/-]+\.ts$/.test(s))).toEqual([]);
    const globals = code(text).match(
      /(?<![.\w])(setTimeout|setInterval|Date|performance|document|window|process|Buffer)(?!\w)/g,
    );
    expect(globals ?? []).toEqual([]);
  });
});
