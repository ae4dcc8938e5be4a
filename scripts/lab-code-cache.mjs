// Trains the code cache of dist-lab/agujero.cjs (loaded by bin/agujero.cjs through
// loadCached in scripts/lab-runtime.cjs): `node scripts/lab-code-cache.mjs --train CJS CACHE`,
// run by build-lab.mjs after each build.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import runtime from './lab-runtime.cjs';

/**
 * The training run, in a fresh process (`node scripts/lab-code-cache.mjs --train`, which
 * scripts/build-lab.mjs runs after each build): loads the new bundle with no cache, runs the
 * code-cached commands the way they are used (both classifications against a STUN server on
 * 127.0.0.1 and 127.0.0.2, run from the ES module bundle in a child process, a classification
 * nobody answers with a 1 ms RTO, a decode), then writes the cache, which now holds every
 * function those runs compiled. Everything stays on loopback and ends within seconds.
 */
async function train(cjsPath, cachePath) {
  const cli = runtime.loadCached(cjsPath, cachePath);
  const { main } = cli.exports;
  const quiet = { out() {}, err() {}, stopped: new Promise(() => {}) };
  const esm = join(dirname(cjsPath), 'agujero.mjs');
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 19_000);
    const server = spawn(process.execPath, [
      esm,
      ...['stun-server', '--primary', '127.0.0.1', '--alternate', '127.0.0.2'],
      ...['--port', String(port), '--alt-port', String(port + 1)],
    ]);
    const listening = await new Promise((resolve) => {
      let out = '';
      const timer = setTimeout(() => resolve(false), 10_000);
      server.stdout.on('data', (d) => {
        out += d;
        if (out.includes('listening')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      server.on('exit', () => resolve(false));
    });
    try {
      if (!listening) continue;
      const at = ['-H', '127.0.0.1', '-P', String(port), '--json'];
      await main(['stun', ...at], quiet);
      await main(['stun', ...at, '--rfc5780'], quiet);
      await main(['stun', '-H', '127.0.0.1', '-P', String(port + 7), '--rto', '1'], quiet);
      await main(['stun', 'decode', '000100002112a442b7e7a701bc34d686fa87dfae'], quiet);
      cli.save();
      return true;
    } finally {
      server.kill('SIGTERM');
    }
  }
  return false;
}

if (process.argv[2] === '--train') {
  const [cjsPath, cachePath] = process.argv.slice(3);
  process.exitCode = (await train(cjsPath, cachePath)) ? 0 : 1;
}
