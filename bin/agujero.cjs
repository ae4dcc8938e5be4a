#!/usr/bin/env node
// `agujero`, the lab CLI (package.json "bin"): runs the esbuild bundle dist-lab/agujero.mjs,
// first (re)building it when it is missing or older than its sources, so a fresh clone works
// after `npm install`. Same commands as `npm run lab -- <command>`, without tsx's start-up.
// The commands in CODE_CACHED (short-lived, timed against C tools) run from the CommonJS build
// of the same CLI through V8's code cache (loadCached), checked against that build's inputs
// only, and end the process as soon as their output has left. This file is CommonJS and loads
// only scripts/lab-runtime.cjs on that path: no ES module loader, no build code.
'use strict';
const runtime = require('../scripts/lab-runtime.cjs');

const argv = process.argv.slice(2);
const cached = runtime.CODE_CACHED.has(argv[0]);

/** Runs the CommonJS build of the CLI from the code cache, then ends the process. */
async function runCached() {
  // This file's require: the cached commands require only Node's built-ins.
  const cli = runtime.loadCached(runtime.CJS_BUNDLE, runtime.CODE_CACHE, require);
  const io = cli.exports.processIo();
  // Written with writeSync; a stream is created (and waited for) only if that fails.
  const pending = new Set();
  io.out = runtime.directWriter(1, () => process.stdout, pending);
  io.err = runtime.directWriter(2, () => process.stderr, pending);
  const code = await cli.exports.main(argv, io);
  cli.save();
  runtime.exitWhenFlushed(code, [...pending]);
}

/** Rebuilds the bundles (scripts/build-lab.mjs, loaded only now), saying why on stderr. */
async function rebuild(reason) {
  try {
    const { buildLab } = await import('../scripts/build-lab.mjs');
    await buildLab();
    process.stderr.write(`[agujero] rebuilt dist-lab/agujero.mjs (${reason})\n`);
  } catch (e) {
    process.stderr.write(`agujero: cannot build the lab bundle: ${e.message}\n`);
    process.exit(1);
  }
}

/** Any other command: the ES module bundle, each command a chunk loaded when it runs. */
async function runBundle() {
  const { pathToFileURL } = require('node:url');
  const { main, processIo } = await import(pathToFileURL(runtime.BUNDLE).href);
  process.exitCode = await main(argv, processIo());
}

const stale = runtime.staleReason(cached ? runtime.CJS_INPUTS : runtime.INPUTS);
const run = cached ? runCached : runBundle;
if (stale === '') void run();
else void rebuild(stale).then(run);
