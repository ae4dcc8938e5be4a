/**
 * Running a set of cases both ways: grouped by router configuration so the namespaces are built
 * once and the routers reconfigured only between groups, each case run in the model and on the
 * kernel, normalised and compared; progress reported after every case. A case the kernel runs
 * differently from the model is run on the kernel once more before it counts as a disagreement,
 * and the result keeps what the first run differed in: the kernel's random ports can equal a port
 * the case names by chance (--random-fully picks 1 of 64,512: then a chosen port reads as kept),
 * and a loaded machine can deliver a datagram after the lab stopped waiting for it. A real
 * disagreement repeats.
 */
import type { VerifyCase } from './case.ts';
import { groupKey } from './case.ts';
import type { Difference, NormalObservation } from './compare.ts';
import { compare, normalise } from './compare.ts';
import type { RawObservation } from './observation.ts';
import { LabBed } from './run-lab.ts';
import { runInModel } from './run-model.ts';
import type { CliArgv } from './stun.ts';

/** The outcome of one case. */
export interface CaseResult {
  readonly case: VerifyCase;
  readonly differences: readonly Difference[];
  readonly model: NormalObservation;
  readonly lab: NormalObservation;
  readonly raw: { readonly model: RawObservation; readonly lab: RawObservation };
  /** Wall-clock time of the lab run. */
  readonly ms: number;
  /** When the kernel agreed only on its second run: what the first run differed in. */
  readonly firstRun?: readonly Difference[];
}

/** One case's two observations, normalised and compared; `ms` is the lab run's wall time. */
export function caseResult(
  c: VerifyCase,
  model: RawObservation,
  lab: RawObservation,
  ms: number,
): CaseResult {
  const m = normalise(c, model);
  const l = normalise(c, lab);
  return { case: c, differences: compare(m, l), model: m, lab: l, raw: { model, lab }, ms };
}

/** Options of a matrix run. */
export interface MatrixOptions {
  /** Called after each case with the count done and the total. */
  readonly onCase?: (result: CaseResult, done: number, total: number) => void;
  /** Called before each case with the count done and the total. */
  readonly onCaseStart?: (c: VerifyCase, done: number, total: number) => void;
  /** Called with each build or reconfiguration step (for a progress line). */
  readonly onStep?: (what: string) => void;
  /** How to run our CLI (argv before the subcommand), needed by the STUN cases. */
  readonly cli?: CliArgv;
  /** Stops between cases when aborted (the results so far are returned). */
  readonly signal?: AbortSignal;
  /** Runs a disagreeing case on the kernel once more before reporting it (default true). */
  readonly rerun?: boolean;
}

/** Orders cases so that cases sharing a router configuration run together, first-seen order kept. */
export function byGroup(cases: readonly VerifyCase[]): VerifyCase[] {
  const groups = new Map<string, VerifyCase[]>();
  for (const c of cases) {
    const key = groupKey(c.routers);
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return [...groups.values()].flat();
}

/**
 * Runs `cases` in the model and on the kernel; tears the namespaces down whatever happens. The
 * results come in the order of `cases` (`onCase` sees them in run order).
 */
export async function runMatrix(
  cases: readonly VerifyCase[],
  options: MatrixOptions = {},
): Promise<CaseResult[]> {
  const ordered = byGroup(cases);
  const results: CaseResult[] = [];
  if (ordered.length === 0) return results;
  const bed = await LabBed.build(options.onStep, options.cli);
  try {
    for (const c of ordered) {
      if (options.signal?.aborted) break;
      options.onCaseStart?.(c, results.length, ordered.length);
      const model = runInModel(c);
      const once = async (): Promise<CaseResult> => {
        const started = Date.now();
        const lab = await bed.run(c);
        return caseResult(c, model, lab, Date.now() - started);
      };
      let result = await once();
      if (result.differences.length > 0 && options.rerun !== false) {
        const again = await once();
        if (again.differences.length === 0) result = { ...again, firstRun: result.differences };
      }
      results.push(result);
      options.onCase?.(result, results.length, ordered.length);
    }
  } finally {
    await bed.teardown();
  }
  // Run grouped by router configuration, reported in the order the cases were given.
  const order = new Map(cases.map((c, i) => [c.id, i]));
  return results.sort((a, b) => (order.get(a.case.id) ?? 0) - (order.get(b.case.id) ?? 0));
}
