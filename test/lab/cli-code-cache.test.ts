/**
 * `agujero stun` runs from the CommonJS build of the CLI through V8's code cache: a build leaves
 * the cache beside the bundle (written by a training run on loopback), a fresh Node process
 * accepts it, and the command behaves exactly as from the ES module bundle: the same output, the
 * same exit codes for a good and a bad command line.
 */
import { existsSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../lab/netns/exec.ts';
import { ROOT } from './stun/processes.ts';

const BIN = `${ROOT}bin/agujero.cjs`;
const CJS = `${ROOT}dist-lab/agujero.cjs`;
const CACHE = `${CJS}.cache`;
const HEX = '000100002112a442b7e7a701bc34d686fa87dfae';

beforeAll(async () => {
  const built = await run([process.execPath, `${ROOT}scripts/build-lab.mjs`, '--if-stale'], {
    timeoutMs: 60_000,
  });
  expect(built.ok, built.stderr).toBe(true);
});

describe('agujero stun from the code cache', () => {
  it('a build leaves a cache that a fresh Node process accepts', async () => {
    expect(existsSync(CACHE)).toBe(true);
    expect(statSync(CACHE).size).toBeGreaterThan(10_000);
    const probe = [
      `const { loadCached } = require(${JSON.stringify(`${ROOT}scripts/lab-runtime.cjs`)});`,
      `const cli = loadCached(${JSON.stringify(CJS)}, ${JSON.stringify(CACHE)});`,
      'console.log(cli.cacheAccepted, typeof cli.exports.main);',
    ].join('\n');
    const r = await run([process.execPath, '-e', probe], {
      timeoutMs: 10_000,
    });
    expect(r.stdout.trim(), r.stderr).toBe('true function');
  });

  it.each([
    [['stun', 'decode', HEX], 0],
    [['stun', '--help'], 0],
    [['stun', '--rto', 'soon'], 2],
    [['stun', '-H', '300.1.1.1'], 2],
  ])('%j: the same output and exit code as the ES module bundle', async (args, code) => {
    const cached = await run([process.execPath, BIN, ...args], { timeoutMs: 10_000 });
    const esm = await run([process.execPath, `${ROOT}dist-lab/agujero.mjs`, ...args], {
      timeoutMs: 10_000,
    });
    expect(cached.code).toBe(code);
    expect([cached.code, cached.stdout, cached.stderr]).toEqual([esm.code, esm.stdout, esm.stderr]);
  });
});
