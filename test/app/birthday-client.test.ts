/**
 * The birthday Monte Carlo's client (src/app/birthday-client.ts): trials split over the workers
 * as evenly as whole trials allow, never a worker with none; in Node (no Worker) it runs on the
 * calling thread and gives the same estimate as the model.
 */
import { describe, expect, it } from 'vitest';
import { runBirthday, split } from '../../src/app/birthday-client.ts';
import { monteCarlo } from '../../src/model/birthday.ts';

describe('split', () => {
  it.each([
    [1000, 2, [500, 500]],
    [1000, 4, [250, 250, 250, 250]],
    [9, 4, [3, 2, 2, 2]],
    [5, 4, [2, 1, 1, 1]],
    [3, 4, [1, 1, 1]],
    [1, 4, [1]],
    [7, 1, [7]],
    [7, 0, [7]],
  ])('%i trials over %i workers: %j', (trials, parallel, parts) => {
    expect(split(trials, parallel)).toEqual(parts);
  });
});

describe('runBirthday without workers', () => {
  it('runs the model on the calling thread', async () => {
    const options = { kind: 'easy-hard', sockets: 16, probes: 64, trials: 40, seed: 5 } as const;
    const r = await runBirthday(options, 2);
    expect(r.mc.firstHit).toEqual(monteCarlo(options).firstHit);
    expect(r.ms).toBeGreaterThanOrEqual(0);
  });
});
