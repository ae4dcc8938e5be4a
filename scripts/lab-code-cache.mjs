// Loads dist-lab/agujero.cjs (the lab CLI as one CommonJS script) through V8's code cache, for
// bin/agujero.mjs. Node 20 has no module compile cache (module.enableCompileCache is Node 22),
// so this does what it would: vm.Script with the cached data kept in dist-lab/agujero.cjs.cache.
// The cache is written after the first run, when every function that run needed has been
// compiled, so later runs neither parse the bundle nor compile those functions; a cache V8
// rejects (another V8, a rebuilt bundle) is rewritten. Writing is atomic and failures are ignored:
// the cache only ever saves time.
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { Script } from 'node:vm';

/** Evaluates the CommonJS file `path`; returns its exports and a function that saves the cache. */
export function loadCached(path, cachePath) {
  const source = readFileSync(path, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: path, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    /** Whether V8 took the cache (false: there was none, or it was rejected). */
    cacheAccepted: !stale,
    /** Writes the cache if there was none or V8 rejected it (call after the command ran). */
    save() {
      if (!stale) return;
      try {
        const tmp = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cachePath);
      } catch {
        // a read-only checkout: run without the cache
      }
    },
  };
}

/**
 * The training run, in a fresh process (`node scripts/lab-code-cache.mjs --train`, which
 * scripts/build-lab.mjs runs after each build): loads the new bundle with no cache, runs the
 * code-cached commands the way they are used (both classifications against a STUN server on
 * 127.0.0.1 and 127.0.0.2, run from the ES module bundle in a child process, a classification
 * nobody answers with a 1 ms RTO, a decode), then writes the cache, which now holds every
 * function those runs compiled. Everything stays on loopback and ends within seconds.
 */
async function train(cjsPath, cachePath) {
  const cli = loadCached(cjsPath, cachePath);
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
