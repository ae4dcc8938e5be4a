/// <reference types="vite/client" />
/**
 * The plot registry, browser side: each kind of `::: plot kind=...` block and the element that
 * draws it, imported lazily. Elements are found with import.meta.glob, so a plot whose file does
 * not exist yet (src/components/lesson-plot-birthday.ts) is "unavailable", never a build error.
 */
import { PLOT_KINDS } from './plot-kinds.ts';

const modules = import.meta.glob('../components/lesson-plot-*.ts');

/** The custom element tag of a plot kind (`lesson-plot-birthday`). */
export function plotTag(kind: string): string {
  return `lesson-plot-${kind}`;
}

/**
 * Loads the element of plot `kind`; resolves to its tag, or undefined when the kind is not
 * registered or its element is not available.
 */
export async function loadPlot(kind: string): Promise<string | undefined> {
  if (!PLOT_KINDS.includes(kind)) return undefined;
  const load = modules[`../components/lesson-plot-${kind}.ts`];
  if (!load) return undefined;
  try {
    await load();
    return customElements.get(plotTag(kind)) ? plotTag(kind) : undefined;
  } catch {
    return undefined;
  }
}
