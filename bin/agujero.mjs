#!/usr/bin/env node
// `agujero`, the lab CLI (package.json "bin"): runs the esbuild bundle dist-lab/agujero.mjs,
// first (re)building it when it is missing or older than its sources, so a fresh clone works
// after `npm install`. Same commands as `npm run lab -- <command>`, without tsx's start-up.
// The commands in CODE_CACHED (short-lived, timed against C tools) run from the CommonJS build
// of the same CLI through V8's code cache (loadCached), checked against that build's inputs only.
import {
  ensureLab,
  loadCached,
  BUNDLE,
  CJS_BUNDLE,
  CJS_INPUTS,
  CODE_CACHE,
  CODE_CACHED,
} from '../scripts/build-lab.mjs';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const cached = CODE_CACHED.has(argv[0]);
try {
  const reason = await (cached ? ensureLab(CJS_INPUTS) : ensureLab());
  if (reason !== '') process.stderr.write(`[agujero] rebuilt dist-lab/agujero.mjs (${reason})\n`);
} catch (e) {
  process.stderr.write(`agujero: cannot build the lab bundle: ${e.message}\n`);
  process.exit(1);
}
if (cached) {
  const cli = loadCached(CJS_BUNDLE, CODE_CACHE);
  process.exitCode = await cli.exports.main(argv, cli.exports.processIo());
  cli.save();
} else {
  const { main, processIo } = await import(pathToFileURL(BUNDLE).href);
  process.exitCode = await main(argv, processIo());
}
