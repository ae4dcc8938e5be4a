/**
 * The simulator's UI numbers: builds the app with Vite, sums the gzipped JavaScript of the first
 * load (the entry and its preloaded chunks), then serves the build and, in headless Chromium,
 * puts 1,000 packets in flight on the stage and measures frame times (median and p95 of the
 * intervals between animation frames). Targets: p95 <= 16.7 ms, first load <= 200 KB gzipped.
 *
 * Used by bench/run.ts: `const numbers = await run()`. Also runnable alone: `tsx bench/ui.bench.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/chromium.ts';
import { withProductionBuild } from './production-build.ts';

const PACKETS = 1000;
const MEASURE_MS = 4000;

interface ManifestChunk {
  readonly file: string;
  readonly imports?: readonly string[];
  readonly isEntry?: boolean;
}

/**
 * Gzipped bytes of the JS the simulator page loads before it can draw: the entry, the
 * <nat-app> chunk it imports on demand (the course index does not carry it), and every chunk
 * those import statically, read from Vite's build manifest.
 */
function firstLoadJs(outDir: string): { raw: number; gzip: number; files: number } {
  const manifest = JSON.parse(
    readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const files = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  for (const key of ['index.html', 'src/components/nat-app.ts']) {
    if (!manifest[key]) throw new Error(`bench: ${key} is not in the build manifest`);
    visit(key);
  }
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(outDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files: files.size };
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** Script run in the page: floods the stage with moving packets and records frame intervals. */
const FLOOD = `(async ({ packets, measureMs }) => {
  const app = document.querySelector('nat-app');
  const simEl = app.shadowRoot.querySelector('nat-simulator');
  const stage = simEl.shadowRoot.querySelector('nat-stage');
  const hops = [['bob', 'bob-nat'], ['bob-nat', 'server'], ['server', 'alice-nat'],
    ['alice-nat', 'alice'], ['alice-nat', 'bob-nat'], ['bob-nat', 'bob']];
  const payload = new TextEncoder().encode('upd hole\\n');
  let round = 0;
  const flood = () => {
    round++;
    const list = [];
    for (let i = 0; i < packets; i++) {
      const [a, b] = hops[(i + round) % hops.length];
      list.push({ id: i + 1, packet: { id: i + 1, src: { ip: '192.168.1.10', port: 40000 + i },
        dst: { ip: '54.93.249.162', port: 9000 }, payload }, from: a, to: b, status: 'flying',
        lastIndex: 100000 + round, departAt: 0, arriveAt: 20, text: 'upd hole\\n',
        origin: i % 2 ? 'bob' : 'alice' });
    }
    stage.hopMs = 1000;
    stage.packets = list;
  };
  flood();
  await new Promise((r) => setTimeout(r, 300));
  const deltas = [];
  let last = performance.now();
  const start = last;
  let nextFlood = start + 900;
  await new Promise((resolve) => {
    const frame = (now) => {
      deltas.push(now - last);
      last = now;
      if (now >= nextFlood) { flood(); nextFlood += 900; }
      if (now - start < measureMs) requestAnimationFrame(frame); else resolve();
    };
    requestAnimationFrame(frame);
  });
  const shown = stage.shadowRoot.querySelectorAll('g.packet').length +
    Number(stage.shadowRoot.querySelector('canvas')?.dataset.packets ?? 0);
  return { deltas, shown };
})`;

/** Opens the built app in a fresh Chromium, floods the stage, returns sorted frame intervals. */
async function measure(
  url: string,
  extraArgs: readonly string[],
): Promise<{ sorted: number[]; shown: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'agujero-ui-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  try {
    const page = await context.newPage();
    await page.goto(`${url}?lang=en&step=4`);
    await page.locator('nat-stage svg g.node').first().waitFor();
    const arg = JSON.stringify({ packets: PACKETS, measureMs: MEASURE_MS });
    const r = (await page.evaluate(`${FLOOD}(${arg})`)) as { deltas: number[]; shown: number };
    return { sorted: [...r.deltas].sort((x, y) => x - y), shown: r.shown };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const ms = (x: number): number => Math.round(x * 100) / 100;

/**
 * Builds, serves and measures the simulator. `frameMedianMs` / `frameP95Ms` are the time to
 * produce a frame (Chromium with the 60 Hz cap lifted, so intervals are the real cost);
 * `vsyncP95Ms` and `droppedFramePct` come from a normal 60 Hz run (frames over 25 ms dropped one).
 */
export async function run(): Promise<Record<string, number>> {
  return withProductionBuild({ manifest: true }, async (url, outDir) => {
    const size = firstLoadJs(outDir);
    const uncapped = await measure(url, ['--disable-frame-rate-limit', '--disable-gpu-vsync']);
    const vsync = await measure(url, []);
    const dropped = vsync.sorted.filter((d) => d > 25).length / Math.max(1, vsync.sorted.length);
    return {
      firstLoadJsGzipKB: Math.round((size.gzip / 1024) * 10) / 10,
      firstLoadJsRawKB: Math.round((size.raw / 1024) * 10) / 10,
      firstLoadJsFiles: size.files,
      packetsInFlight: Math.min(uncapped.shown, vsync.shown),
      frames: uncapped.sorted.length,
      frameMedianMs: ms(quantile(uncapped.sorted, 0.5)),
      frameP95Ms: ms(quantile(uncapped.sorted, 0.95)),
      vsyncMedianMs: ms(quantile(vsync.sorted, 0.5)),
      vsyncP95Ms: ms(quantile(vsync.sorted, 0.95)),
      droppedFramePct: Math.round(dropped * 1000) / 10,
    };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  run().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
