// The lab CLI's bundle: esbuild compiles lab/cli.ts and everything it imports into ES modules,
// dist-lab/agujero.mjs and one chunk per command under dist-lab/chunks/ (loaded when it runs),
// so `agujero` starts without compiling TypeScript (tsx). The same CLI is also built as one
// CommonJS file, dist-lab/agujero.cjs (every command initialised only when it runs), which the
// launcher bin/agujero.cjs loads through V8's code cache (loadCached, in lab-runtime.cjs; the
// cache is trained by scripts/lab-code-cache.mjs) for the commands in CODE_CACHED: a cold
// `agujero stun` then neither parses nor compiles. Beside them, dist-lab/inputs.json and
// agujero.cjs.inputs.json list the source files each was built from; the bundle is stale when
// one of them (or these scripts) is newer than it, or gone (staleReason, in lab-runtime.cjs).
// `npm run build:lab` builds it; bin/agujero.cjs and `npm test` (scripts/ensure-deps.mjs) build
// it when it is missing or stale. The launcher never loads this file unless it must build.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import runtime from './lab-runtime.cjs';

/** The start-up half (paths, staleness, loadCached) lives in lab-runtime.cjs; re-exported here. */
export const {
  ROOT,
  BUNDLE,
  CJS_BUNDLE,
  CODE_CACHE,
  CODE_CACHED,
  INPUTS,
  CJS_INPUTS,
  staleReason,
  loadCached,
} = runtime;

/** Builds the bundle (atomically: a temporary file renamed over the old one); returns its size. */
export async function buildLab() {
  let build;
  try {
    ({ build } = await import('esbuild'));
  } catch {
    throw new Error(`esbuild is not installed: run \`npm install\` in ${ROOT}`);
  }
  mkdirSync(dirname(BUNDLE), { recursive: true });
  // Built into a directory of its own, then moved into place: the entry and its chunks.
  const tmp = join(dirname(BUNDLE), `.build-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    entryPoints: { agujero: join(ROOT, 'lab', 'cli.ts') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Each command is its own chunk, loaded when it runs: `agujero --help` loads none of them.
    splitting: true,
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'error',
    // CommonJS dependencies (ws) require() Node's built-ins: give each ES module a require.
    banner: {
      js: [
        '// Built by scripts/build-lab.mjs from lab/cli.ts: do not edit.',
        "import { createRequire as __agujeroRequire } from 'node:module';",
        'const require = __agujeroRequire(import.meta.url);',
      ].join('\n'),
    },
  });
  // One CommonJS file with the commands in CODE_CACHED only (the others' lazy imports are left
  // as requires this path never reaches), so the file and its cache stay small; esbuild wraps
  // each lazily imported module in an initialiser. import.meta.url becomes the file's own URL.
  // The file is the module wrapped in its function, as Node would wrap it: loadCached compiles
  // it as is, without building a second copy of a 200 KB source (young garbage at start).
  const cached = [...CODE_CACHED].map((c) => c.replace(/[^a-z-]/g, ''));
  const onlyCached = {
    name: 'only-code-cached-commands',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.ts$/ }, (args) => {
        const name = /([a-z-]+)\.ts$/.exec(args.path)[1];
        const lazy =
          args.kind === 'dynamic-import' && args.importer.endsWith(join('lab', 'cli.ts'));
        return lazy && !cached.includes(name) ? { path: args.path, external: true } : undefined;
      });
    },
  };
  const cjs = await build({
    entryPoints: [join(ROOT, 'lab', 'cli.ts')],
    plugins: [onlyCached],
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: join(tmp, 'agujero.cjs'),
    logLevel: 'error',
    define: { 'import.meta.url': '__agujeroUrl' },
    banner: {
      js: [
        '// Built by scripts/build-lab.mjs from lab/cli.ts: do not edit. One function expression,',
        "// CommonJS's module wrapper written out, which loadCached (scripts/lab-runtime.cjs) calls.",
        '(function (exports, require, module, __filename, __dirname) {',
        "const __agujeroUrl = require('node:url').pathToFileURL(__filename).href;",
      ].join('\n'),
    },
    footer: { js: '})' },
  });
  // esbuild escapes every non-ASCII character of code (charset ascii): what is left is in comments
  // (xstate's, ours). Made ASCII too, the file loads into a one-byte string, read and hashed faster.
  const cjsFile = join(tmp, 'agujero.cjs');
  writeFileSync(cjsFile, readFileSync(cjsFile, 'utf8').replace(/[\u0080-\uffff]/g, '?'));
  const sources = (r) =>
    Object.keys(r.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  writeFileSync(`${INPUTS}.${process.pid}.tmp`, `${JSON.stringify(sources(result), null, 1)}\n`);
  writeFileSync(`${CJS_INPUTS}.${process.pid}.tmp`, `${JSON.stringify(sources(cjs), null, 1)}\n`);
  const chunks = join(dirname(BUNDLE), 'chunks');
  const old = join(dirname(BUNDLE), `.old-${process.pid}`);
  if (existsSync(chunks)) renameSync(chunks, old);
  renameSync(join(tmp, 'chunks'), chunks);
  renameSync(`${INPUTS}.${process.pid}.tmp`, INPUTS);
  rmSync(CODE_CACHE, { force: true });
  renameSync(`${CJS_INPUTS}.${process.pid}.tmp`, CJS_INPUTS);
  renameSync(join(tmp, 'agujero.cjs'), CJS_BUNDLE);
  renameSync(join(tmp, 'agujero.mjs'), BUNDLE);
  rmSync(old, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
  await trainCodeCache();
  return statSync(BUNDLE).size;
}

/**
 * Writes the code cache of CJS_BUNDLE by a training run in a fresh process (bounded; a failure
 * only means the first run writes it instead).
 */
async function trainCodeCache() {
  const { spawnSync } = await import('node:child_process');
  const script = join(ROOT, 'scripts', 'lab-code-cache.mjs');
  spawnSync(process.execPath, [script, '--train', CJS_BUNDLE, CODE_CACHE], {
    stdio: 'ignore',
    timeout: 15_000,
  });
}

/**
 * Builds the bundle if it is missing or stale (against the inputs in `inputsFile`, default
 * every command's); returns the reason it was built, or ''.
 */
export async function ensureLab(inputsFile = INPUTS) {
  const reason = staleReason(inputsFile);
  if (reason !== '') await buildLab();
  return reason;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const started = Date.now();
  const onlyIfStale = process.argv.includes('--if-stale');
  const reason = onlyIfStale ? staleReason() : 'asked';
  if (reason === '') {
    console.log('[agujero] dist-lab/agujero.mjs is up to date');
  } else {
    const size = await buildLab();
    const ms = Date.now() - started;
    const why = onlyIfStale ? ` (${reason})` : '';
    console.log(
      `[agujero] built dist-lab/agujero.mjs${why}: ${Math.round(size / 1024)} KiB in ${ms} ms`,
    );
  }
  if (!existsSync(BUNDLE)) process.exit(1);
}
