/**
 * The birthday-paradox Monte Carlo as a reader meets it: a production build (`vite build`) served
 * by `vite preview`, chapter 7 opened in headless Chromium, and the plot element
 * <lesson-plot-birthday> running 1,000 trials of 256 x 256 through src/app/birthday-client.ts in
 * its Web Workers. Times the first run (on opening the chapter: workers start, fetch their chunk,
 * run cold code) and repeated runs (the reader presses Run), as the element reports them (wall
 * time from the request to the joined estimate), and the CPU time the renderer spent per repeated
 * run (which a loaded machine does not inflate as it does wall time). Target: under 1 s.
 *
 * Used by bench/birthday.bench.ts; runnable alone: `tsx bench/birthday-chromium.ts`.
 */
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/chromium.ts';
import { withProductionBuild } from './production-build.ts';

const CHAPTER = '?page=lesson&l=07-symmetric&lang=en';
const REPEATS = 7;

/** What the element holds after a run (its `result` state). */
interface PlotElement extends HTMLElement {
  result?: { ms: number; mc: { firstHit: readonly number[]; at(n: number): { p: number } } };
  simulate(): Promise<void>;
}

/** Times of the first run and of `REPEATS` runs after it, in ms, with the estimate at 256. */
export interface ChromiumTimes {
  readonly firstMs: number;
  readonly repeatMs: readonly number[];
  /** CPU ms the renderer (workers, page, collector) spent per repeated run, median. */
  readonly repeatCpuMs: number;
  readonly trials: number;
  readonly p: number;
  readonly workers: number;
}

/** Opens chapter 7 at `url` in a fresh headless Chromium and times the plot's runs. */
async function measure(url: string): Promise<ChromiumTimes> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await browser.newBrowserCDPSession();
    /** CPU seconds of every renderer process so far (SystemInfo, 10 ms steps). */
    const rendererCpu = async (): Promise<number> => {
      const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
        processInfo: { type: string; cpuTime: number }[];
      };
      return info.processInfo
        .filter((p) => p.type === 'renderer')
        .reduce((sum, p) => sum + p.cpuTime, 0);
    };
    await page.goto(url + CHAPTER);
    const plot = page.locator('lesson-plot-birthday');
    await plot.waitFor({ timeout: 30_000 });
    const firstMs = await plot.evaluate(async (el: PlotElement) => {
      const started = performance.now();
      while (!el.result) {
        if (performance.now() - started > 30_000) throw new Error('no estimate after 30 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      return el.result.ms;
    });
    const repeatMs: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const cpu = await rendererCpu();
      repeatMs.push(
        await plot.evaluate(async (el: PlotElement) => {
          await el.simulate();
          return el.result?.ms ?? NaN;
        }),
      );
      cpuMs.push(((await rendererCpu()) - cpu) * 1000);
    }
    const last = await plot.evaluate((el: PlotElement) => ({
      trials: el.result?.mc.firstHit.length ?? 0,
      p: el.result?.mc.at(256).p ?? NaN,
      workers: Math.min(4, navigator.hardwareConcurrency),
    }));
    const repeatCpuMs = [...cpuMs].sort((x, y) => x - y)[Math.floor(REPEATS / 2)] ?? NaN;
    return { firstMs, repeatMs, repeatCpuMs, ...last };
  } finally {
    await browser.close();
  }
}

/** Builds the app (or serves `AGUJERO_DIST`, an existing build) and times the plot in Chromium. */
export async function chromiumTimes(): Promise<ChromiumTimes> {
  return withProductionBuild({ reuse: process.env['AGUJERO_DIST'] }, (url) => measure(url));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(await chromiumTimes());
}
