/**
 * The plot kinds a `::: plot kind=...` block may name (the checks read this list in Node; the
 * browser's loaders are in plots.ts).
 */

/** Registered plot kinds. `birthday`: punch success against the number of probes. */
export const PLOT_KINDS: readonly string[] = ['birthday'];
