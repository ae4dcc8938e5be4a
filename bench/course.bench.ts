/**
 * The course's load sizes from a production build (Vite manifest): the gzipped JavaScript and CSS
 * a first visit to the course index fetches (the entry, the course shell <lesson-app> and the
 * chapter index, with their static imports), and the most a chapter page adds on top (the
 * lesson page and the embedded simulator, plus the largest chapter module). Target: index <= 100 KB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');

interface Chunk {
  readonly file: string;
  readonly src?: string;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}

/** The gzipped bytes of a set of chunks with their static imports (and CSS). */
function closure(
  m: Record<string, Chunk>,
  keys: readonly string[],
  outDir: string,
  seen = new Set<string>(),
): number {
  let total = 0;
  for (const k of keys) {
    const c = m[k];
    if (!c || seen.has(c.file)) continue;
    seen.add(c.file);
    total += gzipSync(readFileSync(join(outDir, c.file)), { level: 9 }).length;
    for (const css of c.css ?? [])
      if (!seen.has(css)) {
        seen.add(css);
        total += gzipSync(readFileSync(join(outDir, css)), { level: 9 }).length;
      }
    total += closure(m, c.imports ?? [], outDir, seen);
  }
  return total;
}

/** Builds the app and measures the course's loads, in KB gzipped. */
export async function run(): Promise<Record<string, number>> {
  const outDir = mkdtempSync(join(tmpdir(), 'agujero-course-bench-'));
  try {
    await build({
      root: ROOT,
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const m = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<
      string,
      Chunk
    >;
    const key = (suffix: string) => Object.keys(m).find((k) => k.endsWith(suffix)) ?? '';
    const html = gzipSync(readFileSync(join(outDir, 'index.html')), { level: 9 }).length;
    const seen = new Set<string>();
    const index = html + closure(m, ['index.html', key('components/lesson-app.ts')], outDir, seen);
    const page = closure(m, [key('components/lesson-page.ts')], outDir, new Set(seen));
    const chapters = Object.keys(m).filter((k) => k.includes('virtual:lesson/'));
    let largest = { name: '', size: 0 };
    for (const k of chapters) {
      const size = gzipSync(readFileSync(join(outDir, (m[k] as Chunk).file)), { level: 9 }).length;
      if (size > largest.size) largest = { name: k.replace(/^.*virtual:lesson\//, ''), size };
    }
    console.log(`  largest chapter module: ${largest.name}`);
    const kb = (b: number) => Math.round((b / 1024) * 10) / 10;
    return {
      courseIndexFirstLoadGzipKB: kb(index),
      chapterPageAddsGzipKB: kb(page + largest.size),
      largestChapterModuleGzipKB: kb(largest.size),
      chapterModules: chapters.length,
      targetIndexKB: 100,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(await run());
}
