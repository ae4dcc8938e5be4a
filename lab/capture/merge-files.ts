/**
 * `agujero capture merge`'s work: the three machines' captures (each `--capture` file, or a
 * pcap/pcapng made by hand) joined into one pcapng with one interface per machine, named after
 * its role (server, alice, bob), frames in time order, with the export's block writer
 * (src/capture/merge.ts). Which role a file is: ROLE=FILE when given, else its interface's name
 * when `--capture` wrote it, else the one role word in its file name.
 */
import { basename } from 'node:path';
import type { CaptureFile } from '../../src/capture/container.ts';
import { CaptureError } from '../../src/capture/errors.ts';
import { alignClocks } from '../../src/capture/machine-clocks.ts';
import type { MachineClock } from '../../src/capture/machine-clocks.ts';
import { mergeCaptures } from '../../src/capture/merge.ts';
import { MACHINE_NAMES } from '../../src/capture/own-addresses.ts';
import type { MachineName } from '../../src/capture/own-addresses.ts';
import { readCapture } from '../../src/capture/read.ts';

/** The machines of a class, in the order the merged file lists them. */
export const MACHINE_ROLES = MACHINE_NAMES;
export type MachineRole = MachineName;
export type { MachineClock };

/** One file to merge. */
export interface MachineFile {
  /** As the user wrote it (ROLE=FILE or FILE). */
  readonly arg: string;
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** A file that cannot be merged, with the reason. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/** Splits ROLE=FILE; a plain FILE has no role. */
export function splitArg(arg: string): { role?: MachineRole; path: string } {
  const m = /^([a-z]+)=(.+)$/.exec(arg);
  if (!m) return { path: arg };
  const role = m[1] as MachineRole;
  if (!MACHINE_ROLES.includes(role)) {
    throw new MergeError(`${arg}: ${JSON.stringify(m[1])} is not server, alice or bob`);
  }
  return { role, path: m[2] as string };
}

function roleOfFile(f: MachineFile, given: MachineRole | undefined, c: CaptureFile): MachineRole {
  if (given) return given;
  const named = c.interfaces[0]?.name as MachineRole | undefined;
  if (named && MACHINE_ROLES.includes(named)) return named;
  const words = MACHINE_ROLES.filter((r) =>
    new RegExp(`(^|[^a-z])${r}([^a-z]|$)`, 'i').test(basename(f.path)),
  );
  if (words.length === 1) return words[0] as MachineRole;
  throw new MergeError(
    `${f.path}: cannot tell whose capture it is (no server, alice or bob in its interface or file name); write it as server=${f.path}, alice=${f.path} or bob=${f.path}`,
  );
}

/** What was merged: the pcapng, each machine's frame count, and what was read of its clock. */
export interface Merged {
  readonly bytes: Uint8Array;
  readonly frames: Readonly<Partial<Record<MachineRole, number>>>;
  readonly clocks: Readonly<Partial<Record<MachineRole, MachineClock>>>;
}

/** Merges `files` (at most one per role), putting every machine on the reference's clock
 * (src/capture/machine-clocks.ts, as the browser's import does) unless `keepClocks`. */
export function mergeMachineFiles(
  files: readonly MachineFile[],
  o: { readonly keepClocks?: boolean } = {},
): Merged {
  const byRole = new Map<MachineRole, CaptureFile>();
  for (const f of files) {
    const { role } = splitArg(f.arg);
    let capture: CaptureFile;
    try {
      capture = readCapture(f.bytes);
    } catch (e) {
      if (e instanceof CaptureError) throw new MergeError(`${f.path}: ${e.message}`);
      throw e;
    }
    const kinds = new Set(capture.interfaces.map((i) => i.linkType));
    if (kinds.size > 1) {
      throw new MergeError(
        `${f.path}: its interfaces have ${kinds.size} link types; capture with -i any (one interface) or split it first`,
      );
    }
    const who = roleOfFile(f, role, capture);
    if (byRole.has(who)) throw new MergeError(`${f.path}: a second capture for ${who}`);
    byRole.set(who, capture);
  }
  const order = MACHINE_ROLES.filter((r) => byRole.has(r));
  const aligned = alignClocks(
    new Map(order.map((r) => [r, byRole.get(r)!])),
    order[0] as MachineRole,
    o.keepClocks,
    (r) => r,
  );
  const bytes = mergeCaptures(
    order.map((r) => ({
      name: r,
      description: `${r}'s machine`,
      capture: aligned.captures.get(r) as CaptureFile,
    })),
  );
  return {
    bytes,
    frames: Object.fromEntries(order.map((r) => [r, byRole.get(r)?.frames.length ?? 0])),
    clocks: Object.fromEntries(aligned.clocks),
  };
}
