/**
 * The birthday-paradox odds of punching through a NAT that picks random external ports: the
 * closed forms for one hard side (k open ports, n probes) and for two hard sides, a Wilson
 * confidence interval, and the Monte Carlo estimate read off trials that run the real NAT model
 * (birthday-trials.ts).
 *
 *   easy side (one public ip:port)          hard side (random port per flow)
 *        E ── probe to H:random ──────────►  H:p1 H:p2 ... H:pk  (k mappings toward E)
 */
import { ModelError } from './errors.ts';
import { runTrials } from './birthday-trials.ts';
import type { BirthdayCase } from './birthday-trials.ts';

export type { BirthdayCase } from './birthday-trials.ts';

/** External ports a random allocator draws from (1-65535), as in the usual estimate. */
export const PORTS = 65_535;

/**
 * One hard side: it opened `k` mappings (k sockets, each toward the easy side's public address)
 * with uniformly random external ports; the easy side sends `n` probes to uniformly random ports
 * of the hard side's address. A probe gets in when it lands on one of the k ports (the mapping's
 * filter admits the easy side's endpoint, which it was opened toward). Each probe misses with
 * probability 1 - k/ports, independently, so P = 1 - (1 - k/ports)^n.
 * 256 ports and 256 probes: 1 - (1 - 256/65535)^256 ≈ 0.632.
 */
export function easyHardOdds(k: number, n: number, ports = PORTS): number {
  return 1 - Math.pow(1 - Math.min(k, ports) / ports, n);
}

/**
 * Two hard sides (random port per flow and address-and-port-dependent filtering on both): each
 * side sends `m` probes in all (k sockets times n probes each), every probe a new mapping with
 * a random external port, toward a random port of the other side's address.
 *
 * Derivation. Take probe x from A (leaving A's NAT from random port x.ext, aimed at B's port
 * x.dst) and probe y from B (y.ext, y.dst). Whichever leaves first opens a mapping that admits
 * exactly the other's endpoint, so the later one gets in iff x.dst = y.ext and y.dst = x.ext:
 * two independent 1-in-`ports` coincidences, probability 1/ports². There are mA·mB such pairs,
 * so P ≈ 1 - (1 - 1/ports²)^(mA·mB) ≈ 1 - e^(-mA·mB/ports²). The sockets do not matter (each
 * destination gets its own mapping anyway): only the total per side does. Equal odds to
 * easy-vs-hard with 256/256 (about 63%) need mA·mB ≈ ports², about 65,536 probes each side,
 * 256 times more packets per side. The pairs overlap, so this is the Poisson approximation; a
 * test checks it against trials of the NAT model on a small port range.
 */
export function hardHardOdds(mA: number, mB = mA, ports = PORTS): number {
  return -Math.expm1(mA * mB * Math.log1p(-1 / (ports * ports)));
}

/** The closed form of `kind` with k sockets and n probes (per side, in all, for hard-hard). */
export function closedForm(kind: BirthdayCase, k: number, n: number, ports = PORTS): number {
  return kind === 'easy-hard' ? easyHardOdds(k, n, ports) : hardHardOdds(k * n, k * n, ports);
}

/** The 95% Wilson score interval for `successes` out of `trials`. */
export function wilson(successes: number, trials: number, z = 1.96): readonly [number, number] {
  if (trials <= 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials ** 2));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** What to simulate. */
export interface MonteCarloOptions {
  readonly kind: BirthdayCase;
  /** Sockets (open mappings) on the hard side; for hard-hard, sockets per side. */
  readonly sockets: number;
  /** Probes from the easy side; for hard-hard, probes per socket per side. */
  readonly probes: number;
  readonly trials: number;
  readonly seed: number;
  /** Size of the random allocators' port range (default 65,535). */
  readonly ports?: number;
}

/** The Monte Carlo estimate, readable at any probe count up to the one simulated. */
export interface MonteCarlo {
  readonly options: MonteCarloOptions;
  /** Per trial, how many probes (per side, for hard-hard) it took to get in; Infinity if never. */
  readonly firstHit: readonly number[];
  /** Trials that got in within `n` probes (per side, in all, for hard-hard). */
  successesBy(n: number): number;
  /** The estimate at `n` probes with its 95% interval. */
  at(n: number): { readonly p: number; readonly ci: readonly [number, number] };
}

/** A whole number within [min, max], or ModelError('bad-option'). */
function whole(name: string, v: number, min: number, max: number): number {
  if (!Number.isSafeInteger(v) || v < min || v > max)
    throw new ModelError('bad-option', `${name} must be a whole number ${min}-${max}, got ${v}`);
  return v;
}

/**
 * Runs `trials` trials on the NAT model and returns the estimate. One trial sends every probe
 * and records when the first one got in, so the estimate at any smaller count comes for free.
 */
export function monteCarlo(options: MonteCarloOptions): MonteCarlo {
  const ports = whole('ports', options.ports ?? PORTS, 2, PORTS);
  const k = whole('sockets', options.sockets, 1, ports);
  const n = whole('probes', options.probes, 0, 1_000_000);
  const trials = whole('trials', options.trials, 1, 1_000_000);
  return estimate(
    options,
    runTrials({ kind: options.kind, k, n, trials, ports, seed: options.seed }),
  );
}

/** The estimate from trials already run (a worker sends back `firstHit`). */
export function estimate(options: MonteCarloOptions, firstHit: readonly number[]): MonteCarlo {
  const trials = firstHit.length;
  const sorted = [...firstHit].sort((a, b) => a - b);
  const successesBy = (at: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    options,
    firstHit,
    successesBy,
    at(at) {
      const s = successesBy(at);
      return { p: s / trials, ci: wilson(s, trials) };
    },
  };
}
