/**
 * CI's run of the conformance matrix: every case in the model and in namespaces on the real
 * kernel, and every one must agree. A failure prints both sides of each disagreeing case,
 * datagram by datagram and table by table, as `agujero verify` does. Budget: a few minutes on a
 * 2-core machine (measured: see the README's Conformance section).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases } from '../../../lab/verify/cases/index.ts';
import { runMatrix } from '../../../lab/verify/matrix.ts';
import type { CaseResult } from '../../../lab/verify/matrix.ts';
import { disagreement, row, summary } from '../../../lab/verify/report.ts';
import { PEER_BINARIES, listNamespaces } from '../../../lab/netns/index.ts';
import type { CliBundle } from '../stun/processes.ts';
import { bundleCli } from '../stun/processes.ts';
import { requireNetns } from '../netns/require-netns.ts';

describe('agujero verify: the whole matrix, model against kernel', () => {
  let results: CaseResult[] = [];
  let ms = 0;
  let before: string[] = [];

  let cli: CliBundle | undefined;

  beforeAll(async () => {
    await requireNetns([...PEER_BINARIES]);
    before = await listNamespaces();
    cli = await bundleCli(); // the STUN cases run our classifier inside Alice's namespace
    const started = Date.now();
    results = await runMatrix(allCases(), { cli: cli.argv() });
    ms = Date.now() - started;
    console.info(`[verify] ${summary(results, ms).trim()}`);
    // A case that agreed only when run again is said, with what its first run differed in.
    for (const r of results.filter((x) => x.firstRun)) console.info(`[verify] ${row(r).trim()}`);
  }, 300_000);

  afterAll(async () => {
    await cli?.remove();
    // The run's namespaces are gone (another file's may come and go meanwhile: compare ours).
    const mine = (await listNamespaces()).filter(
      (ns) => ns.startsWith(`agj-${process.pid}-`) && !before.includes(ns),
    );
    expect(mine).toEqual([]);
  });

  it('runs every case', () => {
    expect(results).toHaveLength(allCases().length);
  });

  it('finds the model and the kernel in agreement on every case', () => {
    const bad = results.filter((r) => r.differences.length > 0);
    const report = bad.map((r) => row(r) + disagreement(r)).join('\n');
    expect(bad.length, `${bad.length} of ${results.length} cases disagree:\n${report}`).toBe(0);
  });

  it('stays within the CI budget', () => {
    expect(ms).toBeLessThan(300_000);
  });
});
