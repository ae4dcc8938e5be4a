/**
 * The reader's progress, kept in localStorage: chapters opened, predictions answered (and
 * whether right), tries done. Elements record into it and the course index reads it; listeners
 * hear every change. Storage failures (private mode, quota) leave progress in memory only.
 */

/** What is stored. */
export interface Progress {
  readonly opened: readonly string[];
  /** `KEY#block-id` -> the value the reader picked and whether it was the model's answer. */
  readonly predicted: Readonly<Record<string, { readonly value: string; readonly right: boolean }>>;
  /** `KEY#block-id` of tries done. */
  readonly tried: readonly string[];
}

/** The localStorage key. */
export const PROGRESS_KEY = 'agujero.progress.v1';

const EMPTY: Progress = { opened: [], predicted: {}, tried: [] };
let current: Progress | undefined;
const listeners = new Set<() => void>();

function valid(x: unknown): x is Progress {
  const p = x as Progress;
  return (
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(p.opened) &&
    Array.isArray(p.tried) &&
    typeof p.predicted === 'object' &&
    p.predicted !== null
  );
}

/** The progress (read once from storage). */
export function progress(): Progress {
  if (!current) {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(PROGRESS_KEY) ?? 'null');
      current = valid(parsed) ? parsed : EMPTY;
    } catch {
      current = EMPTY;
    }
  }
  return current;
}

function save(next: Progress): void {
  current = next;
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(next));
  } catch {
    /* Storage unavailable: keep it for this page. */
  }
  for (const l of listeners) l();
}

/** Records that chapter `key` was opened. */
export function markOpened(key: string): void {
  const p = progress();
  if (!p.opened.includes(key)) save({ ...p, opened: [...p.opened, key] });
}

/** Records a prediction. */
export function markPredicted(key: string, id: string, value: string, right: boolean): void {
  const p = progress();
  save({ ...p, predicted: { ...p.predicted, [`${key}#${id}`]: { value, right } } });
}

/** Records a try done. */
export function markTried(key: string, id: string): void {
  const p = progress();
  const k = `${key}#${id}`;
  if (!p.tried.includes(k)) save({ ...p, tried: [...p.tried, k] });
}

/** Calls `f` on every change; returns the unsubscribe. */
export function onProgress(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** How many of a chapter's interactive blocks are done: predictions answered and tries done. */
export function chapterDone(
  key: string,
  blocks: readonly { readonly id: string; readonly kind: string }[],
): { done: number; total: number } {
  const p = progress();
  const tasks = blocks.filter((b) => b.kind === 'predict' || b.kind === 'try');
  const done = tasks.filter((b) =>
    b.kind === 'predict' ? `${key}#${b.id}` in p.predicted : p.tried.includes(`${key}#${b.id}`),
  ).length;
  return { done, total: tasks.length };
}
