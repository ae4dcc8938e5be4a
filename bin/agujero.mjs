#!/usr/bin/env node
// `agujero`, the lab CLI (package.json "bin"): runs the esbuild bundle dist-lab/agujero.mjs,
// first (re)building it when it is missing or older than its sources, so a fresh clone works
// after `npm install`. Same commands as `npm run lab -- <command>`, without tsx's start-up.
import { ensureLab, BUNDLE } from '../scripts/build-lab.mjs';
import { pathToFileURL } from 'node:url';

try {
  const reason = await ensureLab();
  if (reason !== '') process.stderr.write(`[agujero] rebuilt dist-lab/agujero.mjs (${reason})\n`);
} catch (e) {
  process.stderr.write(`agujero: cannot build the lab bundle: ${e.message}\n`);
  process.exit(1);
}
const { main, processIo } = await import(pathToFileURL(BUNDLE).href);
process.exitCode = await main(process.argv.slice(2), processIo());
