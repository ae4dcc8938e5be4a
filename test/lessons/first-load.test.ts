// The course index's first load stays small: walking the static imports from the course app
// (dynamic import() calls excluded) must not reach the simulator, the hub client or markdown-it,
// which load only when a chapter, a lab or a saved run needs them (`npm run bench` (e2) measures
// the gzipped bytes; this catches the import that would bring them back).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every source file reachable from `entry` through static `import ... from './x.ts'` lines. */
function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\b)(?:[^'"]*?from\s+)?['"](\.[^'"]+)['"]/gm))
      visit(resolve(dirname(file), m[1] as string));
  };
  visit(entry);
  return seen;
}

describe('the course index first load', () => {
  it('does not statically import the simulator, the lab client or the markdown compiler', () => {
    const files = [...staticClosure(resolve(ROOT, 'src/components/lesson-app.ts'))].map((f) =>
      f.slice(ROOT.length + 1),
    );
    expect(files).toContain('src/components/lesson-index.ts');
    for (const heavy of [
      'src/components/nat-simulator.ts',
      'src/components/lesson-page.ts',
      'src/app/hub-client.ts',
      'src/components/lab-replay.ts',
      'src/lessons/compile.ts',
    ])
      expect(files, heavy).not.toContain(heavy);
  });
});
