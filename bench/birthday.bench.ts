/**
 * The birthday-paradox Monte Carlo (src/model/birthday.ts) in Node: 1,000 trials of 256
 * sockets against 256 probes on the NAT model, best and median of 5 runs after a warm-up, and
 * the estimate beside the closed form. Target: under 1 s (the browser runs it in Web Workers).
 */
import { easyHardOdds, monteCarlo } from '../src/model/birthday.ts';

/** Times one run of the target workload, in ms, with its estimate. */
function once(seed: number): { ms: number; p: number } {
  const start = performance.now();
  const mc = monteCarlo({ kind: 'easy-hard', sockets: 256, probes: 256, trials: 1000, seed });
  return { ms: performance.now() - start, p: mc.at(256).p };
}

/** The bench's numbers. */
export async function run(): Promise<Record<string, number>> {
  once(0);
  const runs = [1, 2, 3, 4, 5].map(once);
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  return {
    'best ms (1,000 trials, 256 x 256)': ms[0] as number,
    'median ms': ms[2] as number,
    'Monte Carlo %, seed 1': (runs[0]?.p ?? 0) * 100,
    'closed form %': easyHardOdds(256, 256) * 100,
  };
}
