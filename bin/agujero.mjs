#!/usr/bin/env node
// The launcher's former name, kept so scripts and habits that run bin/agujero.mjs still work: it
// runs bin/agujero.cjs, the package's bin. Prefer agujero.cjs (or `npx agujero`), which starts
// without Node's ES module loader.
import './agujero.cjs';
