// What the `agujero` launcher (bin/agujero.cjs) needs at every start, kept apart from the build
// code in scripts/build-lab.mjs (esbuild, child processes, ES modules) so a code-cached command
// loads none of it: where the bundles live, whether they are stale, and loadCached, which runs
// the CommonJS build of the CLI through V8's code cache. CommonJS, like the launcher: a `.cjs`
// entry starts without Node's ES module loader. build-lab.mjs re-exports all of it.
'use strict';
const { Buffer } = require('node:buffer');
const { readFileSync, renameSync, statSync, writeFileSync, writeSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** The repository root. */
const ROOT = join(__dirname, '..');
/** The ES module bundle's entry (its chunks beside it, under chunks/). */
const BUNDLE = join(ROOT, 'dist-lab', 'agujero.mjs');
/** The same CLI as one CommonJS script, for the code cache; and its cache (written on first use). */
const CJS_BUNDLE = join(ROOT, 'dist-lab', 'agujero.cjs');
const CODE_CACHE = `${CJS_BUNDLE}.cache`;
/**
 * Commands started from CJS_BUNDLE with V8's code cache: short-lived ones whose wall time is
 * measured against C tools (bench/stun-lab.bench.ts), and that find no file relative to the bundle.
 */
const CODE_CACHED = new Set(['stun']);
/** The source files every command's bundle was built from. */
const INPUTS = join(ROOT, 'dist-lab', 'inputs.json');
/** The CommonJS build's own inputs: a code-cached command checks only these (fewer stats). */
const CJS_INPUTS = join(ROOT, 'dist-lab', 'agujero.cjs.inputs.json');
/** The scripts that make the bundles: a change to one of them makes the bundles stale too. */
const SELF = ['scripts/build-lab.mjs', 'scripts/lab-code-cache.mjs', 'scripts/lab-runtime.cjs'];

/**
 * Why the bundle must be rebuilt ("missing", "lab/cli.ts changed", ...), or '' when fresh;
 * against the inputs listed in `inputsFile` (default: every command's).
 */
function staleReason(inputsFile = INPUTS) {
  let built;
  let inputs;
  try {
    built = statSync(BUNDLE).mtimeMs;
    statSync(CJS_BUNDLE);
    inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return 'missing';
  }
  for (const file of [...inputs, ...SELF]) {
    const stat = statSync(join(ROOT, file), { throwIfNoEntry: false });
    if (stat === undefined) return `${file} is gone`;
    if (stat.mtimeMs > built) return `${file} changed`;
  }
  return '';
}

/**
 * Evaluates the CommonJS module `path`, a file written as its own wrapper function (`(function
 * (exports, require, module, __filename, __dirname) {...})`, scripts/build-lab.mjs), through
 * V8's code cache at `cachePath` (Node 20 has no module compile cache, module.enableCompileCache
 * being Node 22's: this does what it would, with vm.Script and cachedData). Returns its exports,
 * whether V8 took the cache, and `save`, which writes the cache when there was none or V8
 * rejected it (another V8, a rebuilt bundle): call it after the command ran, so the cache holds
 * every function the run compiled. Writing is atomic and its failures ignored: the cache only
 * ever saves time. `req` is the module's `require`: the launcher passes its own, since the
 * code-cached commands require only Node's built-ins (node:module's createRequire, the default,
 * loads Node's ES module loader with it, about 0.7 ms of a cold start).
 */
function loadCached(path, cachePath, req = undefined) {
  const source = readFileSync(path, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  // The file is already one function expression, the module wrapper (scripts/build-lab.mjs).
  const script = new Script(source, { filename: path, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  const moduleRequire = req ?? require('node:module').createRequire(path);
  script.runInThisContext()(module.exports, moduleRequire, module, path, dirname(path));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return {
    exports: module.exports,
    cacheAccepted: !stale,
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
 * A command's output written straight to file descriptor `fd` (1 or 2) with writeSync: creating
 * process.stdout for a pipe costs a short command about a millisecond (a net.Socket and its
 * stream). Where the descriptor cannot take it at once (a non-blocking terminal or pipe: EAGAIN)
 * or fails (EPIPE...), the rest goes to `stream()`, the process's stream, as it did before, and
 * that stream is added to `pending` for exitWhenFlushed.
 */
function directWriter(fd, stream, pending) {
  let direct = true;
  return (text) => {
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    if (direct) {
      try {
        while (done < bytes.length) {
          const n = writeSync(fd, bytes, done);
          if (n <= 0) throw new Error(`wrote nothing to fd ${fd}`);
          done += n;
        }
        return;
      } catch {
        direct = false;
      }
    }
    const s = stream();
    pending.add(s);
    s.write(bytes.subarray(done));
  };
}

/**
 * Ends a short-lived command's process with `code` as soon as what it wrote to `streams` has
 * left (pipes and files are written synchronously on Linux, not everywhere: a stream with bytes
 * pending is waited for, its 'drain'), instead of letting Node tear the whole runtime down. Call
 * it only once the command closed its sockets and the code cache is saved.
 */
function exitWhenFlushed(code, streams) {
  const pending = streams.filter((s) => s.writableLength > 0);
  if (pending.length === 0) process.exit(code);
  let left = pending.length;
  for (const s of pending) {
    const done = () => {
      s.off('drain', done);
      s.off('error', done);
      left -= 1;
      if (left === 0) process.exit(code);
    };
    s.on('drain', done);
    s.on('error', done);
  }
}

module.exports = {
  ROOT,
  BUNDLE,
  CJS_BUNDLE,
  CODE_CACHE,
  CODE_CACHED,
  INPUTS,
  CJS_INPUTS,
  SELF,
  staleReason,
  loadCached,
  directWriter,
  exitWhenFlushed,
};
