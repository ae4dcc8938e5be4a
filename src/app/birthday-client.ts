/**
 * Runs the birthday-paradox Monte Carlo in Web Workers, split over up to four of them (the page
 * keeps its own thread; the workers stay for the next run, birthday-pool.ts), and joins their
 * trials into one estimate. Falls back to the page's thread where workers are missing (unit
 * tests in Node).
 */
import { estimate, monteCarlo } from '../model/birthday.ts';
import type { MonteCarlo, MonteCarloOptions } from '../model/birthday.ts';
import { inWorker } from './birthday-pool.ts';

/** An estimate and the wall time the trials took, in ms. */
export interface TimedEstimate {
  readonly mc: MonteCarlo;
  readonly ms: number;
}

/** `trials` split over at most `parallel` workers, as evenly as whole trials allow. */
export function split(trials: number, parallel: number): number[] {
  const parts = Math.max(1, Math.min(Math.floor(parallel), trials));
  const base = Math.floor(trials / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < trials % parts ? 1 : 0));
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
  const jobs = split(options.trials, parallel).map((trials, i) =>
    inWorker({ ...options, seed: options.seed + i * 7919, trials }),
  );
  const firstHit = (await Promise.all(jobs)).flat();
  return { mc: estimate(options, firstHit), ms: performance.now() - start };
}
