/**
 * The production web app as the benches that open it in Chromium need it: `vite build` into a
 * temporary folder (or an existing build given as `reuse`), served by `vite preview` on loopback
 * at a free port, handed to `use` as its URL, then the server closed and the temporary build
 * removed, whatever `use` does. Throws first, naming the package, when Chromium is missing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import { CHROMIUM } from '../test/e2e/chromium.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** How to build: with Vite's manifest (to read the chunk graph), or reusing a build folder. */
export interface BuildOptions {
  readonly manifest?: boolean;
  /** An existing build to serve instead of building one (kept afterwards). */
  readonly reuse?: string | undefined;
}

/** Builds and serves the app, runs `use(url, outDir)`, and cleans up. */
export async function withProductionBuild<T>(
  o: BuildOptions,
  use: (url: string, outDir: string) => Promise<T>,
): Promise<T> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (Debian package "chromium")`);
  const outDir = o.reuse ?? mkdtempSync(join(tmpdir(), 'agujero-bench-build-'));
  try {
    if (!o.reuse) {
      const manifest = o.manifest ?? false;
      await build({
        root: ROOT,
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true, manifest },
      });
    }
    const server = await preview({
      root: ROOT,
      logLevel: 'silent',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    try {
      return await use(server.resolvedUrls?.local[0] ?? '', outDir);
    } finally {
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    }
  } finally {
    if (!o.reuse) rmSync(outDir, { recursive: true, force: true });
  }
}
