/**
 * The lab CLI's start-up: wall time of `agujero --help` and `agujero --version` (the package bin,
 * bin/agujero.cjs, running the esbuild bundle, median of 10 processes each) and of a cold
 * `agujero stun decode` (the CommonJS build through the code cache) beside `npm run lab -- --help`
 * (npm plus tsx compiling the TypeScript, median of 5) and a bare `node -e 0` (the floor), in
 * this environment as it is. Target: agujero under 150 ms. Builds the bundle first if it is
 * stale. Prints nothing; returns the numbers.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** A Binding request, for `stun decode`. */
const HEX = '000100002112a442b7e7a701bc34d686fa87dfae';

/** Median wall time in ms of `runs` runs of `argv` (each to completion, output discarded). */
function medianMs(argv: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync(argv[0] as string, argv.slice(1), {
      cwd: ROOT,
      stdio: 'ignore',
      timeout: 30_000,
    });
    times.push(performance.now() - started);
  }
  const sorted = times.sort((a, b) => a - b);
  return Math.round((sorted[Math.floor((runs - 1) / 2)] as number) * 10) / 10;
}

export async function run(): Promise<Record<string, number>> {
  execFileSync(process.execPath, ['scripts/build-lab.mjs', '--if-stale'], {
    cwd: ROOT,
    stdio: 'ignore',
    timeout: 60_000,
  });
  const agujero = medianMs([process.execPath, 'bin/agujero.cjs', '--help'], 10);
  const version = medianMs([process.execPath, 'bin/agujero.cjs', '--version'], 10);
  const decode = medianMs([process.execPath, 'bin/agujero.cjs', 'stun', 'decode', HEX], 10);
  const npmLab = medianMs(['npm', 'run', '-s', 'lab', '--', '--help'], 5);
  const node = medianMs([process.execPath, '-e', '0'], 10);
  return {
    'agujero --help, median of 10 (ms; target < 150)': agujero,
    'agujero --version, median of 10 (ms; target < 150)': version,
    'agujero stun decode HEX (code cache), median of 10 (ms)': decode,
    'npm run lab -- --help, median of 5 (ms)': npmLab,
    'node -e 0, median of 10 (ms; the floor)': node,
    'npm run lab / agujero (x)': Math.round((npmLab / agujero) * 10) / 10,
  };
}
