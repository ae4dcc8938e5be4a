/**
 * Runs the birthday-paradox Monte Carlo in Web Workers, split over up to four of them (the page
 * keeps its own thread), and joins their trials into one estimate. Falls back to the page's
 * thread where workers are missing (unit tests in Node).
 */
import { estimate, monteCarlo } from '../model/birthday.ts';
import type { MonteCarlo, MonteCarloOptions } from '../model/birthday.ts';
import type { BirthdayRequest, BirthdayResponse } from './birthday-worker.ts';

/** An estimate and the wall time the trials took, in ms. */
export interface TimedEstimate {
  readonly mc: MonteCarlo;
  readonly ms: number;
}

let nextId = 1;

/** Runs `options` in one worker. */
function inWorker(options: MonteCarloOptions): Promise<readonly number[]> {
  const worker = new Worker(new URL('./birthday-worker.ts', import.meta.url), { type: 'module' });
  const id = nextId++;
  return new Promise<readonly number[]>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<BirthdayResponse>) => {
      worker.terminate();
      if ('error' in e.data) reject(new Error(e.data.error));
      else resolve(e.data.firstHit);
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage({ id, options } satisfies BirthdayRequest);
  });
}

/**
 * The Monte Carlo for `options`, its trials split over `parallel` workers with different seeds
 * (default: one per core, at most four).
 */
export async function runBirthday(
  options: MonteCarloOptions,
  parallel = Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1),
): Promise<TimedEstimate> {
  const start = performance.now();
  if (typeof Worker === 'undefined') {
    const mc = monteCarlo(options);
    return { mc, ms: performance.now() - start };
  }
  const parts = Math.max(1, Math.min(parallel, options.trials));
  const share = Math.ceil(options.trials / parts);
  const jobs = Array.from({ length: parts }, (_, i) =>
    inWorker({
      ...options,
      seed: options.seed + i * 7919,
      trials: Math.min(share, options.trials - i * share),
    }),
  );
  const firstHit = (await Promise.all(jobs)).flat();
  return { mc: estimate(options, firstHit), ms: performance.now() - start };
}
