// Types of scripts/build-lab.mjs, for the TypeScript that imports it (tests, bench).
/** The repository root. */
export const ROOT: string;
/** The bundle's entry module. */
export const BUNDLE: string;
/** Why the bundle must be rebuilt ("missing", "lab/cli.ts changed", ...), or '' when fresh. */
export function staleReason(): string;
/** Builds the bundle; resolves with the entry module's size in bytes. */
export function buildLab(): Promise<number>;
/** Builds the bundle if it is missing or stale; resolves with the reason, or ''. */
export function ensureLab(): Promise<string>;
