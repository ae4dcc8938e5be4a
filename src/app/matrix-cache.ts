/**
 * The outcome matrix computed lazily: cells are simulated a few at a time between frames (each
 * runs whole scenarios through the model), cached for the session, and reported as they come.
 */
import { matrixCell, PRESET_IDS } from '../model/index.ts';
import type { MatrixCell, PresetId } from '../model/index.ts';

const cache = new Map<string, MatrixCell>();
const key = (bob: PresetId, alice: PresetId): string => `${bob}|${alice}`;

/** The cell if already computed. */
export function cachedCell(bob: PresetId, alice: PresetId): MatrixCell | undefined {
  return cache.get(key(bob, alice));
}

/** Computes (or fetches) one cell now. */
export function cell(bob: PresetId, alice: PresetId): MatrixCell {
  let c = cache.get(key(bob, alice));
  if (!c) {
    c = matrixCell(bob, alice);
    cache.set(key(bob, alice), c);
  }
  return c;
}

/**
 * Fills every missing cell, spending at most `budgetMs` per slice and yielding with `yieldFn`
 * between slices; `onProgress` gets the number done. Returns a function that cancels.
 */
export function fillMatrix(
  onProgress: (done: number, total: number) => void,
  budgetMs = 24,
  yieldFn: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
): () => void {
  const todo: [PresetId, PresetId][] = [];
  for (const b of PRESET_IDS) for (const a of PRESET_IDS) todo.push([b, a]);
  const total = todo.length;
  let cancelled = false;
  const slice = () => {
    if (cancelled) return;
    const t0 = performance.now();
    while (todo.length > 0 && performance.now() - t0 < budgetMs) {
      const [b, a] = todo.shift() as [PresetId, PresetId];
      cell(b, a);
    }
    onProgress(total - todo.length, total);
    if (todo.length > 0) yieldFn(slice);
  };
  slice();
  return () => {
    cancelled = true;
  };
}
