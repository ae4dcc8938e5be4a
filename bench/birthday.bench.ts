/**
 * The birthday-paradox Monte Carlo (src/model/birthday.ts): 1,000 trials of 256 sockets against
 * 256 probes on the NAT model, timed twice. In Node: a fresh process (so the benches before it in
 * `npm run bench` do not leave the engine's code and heap in another shape), best and median of
 * 5 runs after a warm-up, on one thread. In Chromium: the production build's chapter 7, where the
 * plot element runs the trials in Web Workers (bench/birthday-chromium.ts), on opening the
 * chapter and when Run is pressed again. Target: under 1 s in the browser.
 *
 * Runnable alone: `tsx bench/birthday.bench.ts` (`--node` for the Node half as JSON).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { easyHardOdds, monteCarlo } from '../src/model/birthday.ts';
import { chromiumTimes } from './birthday-chromium.ts';

const TARGET_MS = 1000;

/** The Node half: wall and CPU ms of 5 runs after a warm-up, and the estimate of the first. */
function nodeTimes(): { ms: number[]; cpuMs: number[]; p: number } {
  const once = (seed: number) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const mc = monteCarlo({ kind: 'easy-hard', sockets: 256, probes: 256, trials: 1000, seed });
    const used = process.cpuUsage(cpu);
    return {
      ms: performance.now() - start,
      cpuMs: (used.user + used.system) / 1000,
      p: mc.at(256).p,
    };
  };
  once(0);
  const runs = [1, 2, 3, 4, 5].map(once);
  return { ms: runs.map((r) => r.ms), cpuMs: runs.map((r) => r.cpuMs), p: runs[0]?.p ?? NaN };
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const median = (xs: readonly number[]): number => sorted(xs)[Math.floor(xs.length / 2)] ?? NaN;
const round = (x: number): number => Math.round(x);

/** The bench's numbers: Node, then Chromium (or why Chromium could not run). */
export async function run(): Promise<Record<string, number>> {
  const node = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--node'], {
      cwd: resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
      timeout: 120_000,
    }),
  ) as ReturnType<typeof nodeTimes>;
  const numbers: Record<string, number> = {
    'Node, one thread: best ms': round(Math.min(...node.ms)),
    'Node, one thread: median ms': round(median(node.ms)),
    'Node, one thread: best CPU ms': round(Math.min(...node.cpuMs)),
    'Monte Carlo %, seed 1': node.p * 100,
    'closed form %': easyHardOdds(256, 256) * 100,
  };
  let browser;
  const load = loadavg()[0] ?? NaN;
  try {
    browser = await chromiumTimes();
  } catch (e) {
    console.log(`    Chromium could not run: ${(e as Error).message}`);
    process.exitCode = 1;
    return numbers;
  }
  return {
    ...numbers,
    'Chromium, production build, workers': browser.workers,
    'Chromium: first run ms (chapter 7 opened: workers start, code cold)': round(browser.firstMs),
    'Chromium: Run again, best ms': round(Math.min(...browser.repeatMs)),
    'Chromium: Run again, median ms': round(median(browser.repeatMs)),
    'Chromium: Run again, worst ms': round(Math.max(...browser.repeatMs)),
    'Chromium: Run again, renderer CPU ms (all threads), median': round(browser.repeatCpuMs),
    'Chromium: Monte Carlo % (last run)': browser.p * 100,
    'target ms (every Chromium time)': TARGET_MS,
    // Wall times grow with whatever else runs (the CPU ms hardly do): say how busy the machine was.
    'machine load average (1 min) when Chromium started': load,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  if (process.argv.includes('--node')) console.log(JSON.stringify(nodeTimes()));
  else console.log(await run());
}
