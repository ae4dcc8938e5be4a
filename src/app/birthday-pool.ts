/**
 * The Web Workers that run the birthday-paradox trials (birthday-worker.ts), kept between runs:
 * the reader who presses Run again, or changes k or n, gets workers that are already started and
 * whose code the engine has already optimised. Workers left idle for a minute are let go.
 */
import type { MonteCarloOptions } from '../model/birthday.ts';
import type { BirthdayRequest, BirthdayResponse } from './birthday-worker.ts';

/** Idle workers kept at most, and for how long after their last job. */
const KEEP = 4;
const IDLE_MS = 60_000;

const idle: Worker[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;

function start(): Worker {
  return new Worker(new URL('./birthday-worker.ts', import.meta.url), { type: 'module' });
}

/** Lets every idle worker go once none has worked for IDLE_MS. */
function release(worker: Worker): void {
  if (idle.length >= KEEP) {
    worker.terminate();
    return;
  }
  idle.push(worker);
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => {
    for (const w of idle.splice(0)) w.terminate();
    timer = undefined;
  }, IDLE_MS);
}

/** Runs `options` in one worker (an idle one, or a new one) and returns each trial's first hit. */
export function inWorker(options: MonteCarloOptions): Promise<readonly number[]> {
  const worker = idle.pop() ?? start();
  const id = nextId++;
  return new Promise<readonly number[]>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<BirthdayResponse>) => {
      if (e.data.id !== id) return;
      worker.onmessage = null;
      worker.onerror = null;
      release(worker);
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
