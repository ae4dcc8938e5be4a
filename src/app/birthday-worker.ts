/**
 * The birthday-paradox Monte Carlo in a Web Worker: receives MonteCarloOptions, runs the trials
 * on the NAT model (src/model/birthday.ts) off the page's thread, and posts back when each trial
 * first got in, with the time it took.
 */
import { monteCarlo } from '../model/birthday.ts';
import type { MonteCarloOptions } from '../model/birthday.ts';

/** A request: an id to answer with, and what to simulate. */
export interface BirthdayRequest {
  readonly id: number;
  readonly options: MonteCarloOptions;
}

/** The answer: per trial the first probe that got in (Infinity if none), and the time in ms. */
export type BirthdayResponse =
  | { readonly id: number; readonly firstHit: readonly number[]; readonly ms: number }
  | { readonly id: number; readonly error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<BirthdayRequest>) => void) | null;
  postMessage(message: BirthdayResponse): void;
};

scope.onmessage = (e) => {
  const { id, options } = e.data;
  const start = performance.now();
  try {
    const { firstHit } = monteCarlo(options);
    scope.postMessage({ id, firstHit, ms: Math.round(performance.now() - start) });
  } catch (err) {
    scope.postMessage({ id, error: (err as Error).message });
  }
};
