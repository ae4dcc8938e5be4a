/**
 * A saved lab run, one JSON file: the setup the prediction came from (scenario, NAT choices, seed,
 * the topology it ran on), the terminal lines run for real and every event the lab streamed back,
 * as a valibot schema. A browser opens it without the lab; parsing checks the size first and
 * never throws. Version 2 (written now; version 1 files still open) may also carry what a
 * capture saw at the routers (src/protocol/lab-run-router.ts: NAT rewrites and drops at a NAT,
 * only at the topology's routers), where the run came from (`source`), and the NAT each router
 * behaved like (`guessed`, from a capture).
 */
import * as v from 'valibot';
import { TopologySchema } from '../model/topology-schema.ts';
import type { TopologySpec } from '../model/topology.ts';
import { LabEventSchema } from './events.ts';
import { NodeSchema, RequestIdSchema } from './fields.ts';
import { LabRunRouterEventSchema, RouterIdSchema } from './lab-run-router.ts';
import type { LabRunRouterEvent } from './lab-run-router.ts';

/** The file's `format` tag and version. */
export const LAB_RUN_FORMAT = 'agujero-lab-run';
export const LAB_RUN_VERSION = 2;
/** The versions read (1: agents' events only). */
export const LAB_RUN_VERSIONS = [1, 2] as const;
/** The largest file opened (bytes) and the most events it may hold. */
export const MAX_LAB_RUN_BYTES = 2 * 1024 * 1024;
export const MAX_LAB_RUN_EVENTS = 5000;

const Name = v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, . - _'));
const Line = v.pipe(v.string(), v.maxLength(1000, 'must be at most 1000 characters'));

/** One event as the hub sent it: from which machine, for which request. */
export const LabRunEventSchema = v.strictObject({
  from: NodeSchema,
  request: v.optional(RequestIdSchema),
  event: LabEventSchema,
});
export type LabRunEvent = v.InferOutput<typeof LabRunEventSchema>;

const Setup = v.strictObject({
  scenario: Name,
  nat: v.pipe(
    v.record(Name, Name),
    v.check((r) => Object.keys(r).length <= 8, 'too many'),
  ),
  seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4294967295))),
  stopAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))),
});
const Lines = v.pipe(
  v.array(v.strictObject({ actor: Name, command: Line })),
  v.maxLength(100, 'at most 100 lines'),
);
const EVENTS = `at most ${MAX_LAB_RUN_EVENTS} events`;

/** A version-1 file: agents' events only. */
export const LabRunFileV1Schema = v.strictObject({
  format: v.literal(LAB_RUN_FORMAT, `must be "${LAB_RUN_FORMAT}"`),
  version: v.literal(1, 'must be 1 or 2'),
  savedAt: v.pipe(v.string(), v.maxLength(40)),
  setup: Setup,
  topology: TopologySchema,
  lines: Lines,
  events: v.pipe(v.array(LabRunEventSchema), v.maxLength(MAX_LAB_RUN_EVENTS, EVENTS)),
});

/** A version-2 file: router events may be among the events (only at the topology's routers). */
export const LabRunFileSchema = v.pipe(
  v.strictObject({
    format: v.literal(LAB_RUN_FORMAT, `must be "${LAB_RUN_FORMAT}"`),
    version: v.literal(2, 'must be 1 or 2'),
    savedAt: v.pipe(v.string(), v.maxLength(40)),
    /** Where the events come from: the lab's agents (live) or a capture file. */
    source: v.optional(v.picklist(['lab', 'capture'])),
    setup: Setup,
    /** The NAT each router behaved like, as far as the source could tell (a capture's guess). */
    guessed: v.optional(
      v.pipe(
        v.record(RouterIdSchema, Name),
        v.check((r) => Object.keys(r).length <= 8, 'too many'),
      ),
    ),
    topology: TopologySchema,
    lines: Lines,
    events: v.pipe(
      v.array(
        v.union(
          [LabRunEventSchema, LabRunRouterEventSchema],
          "must be an agent's or a router's event",
        ),
      ),
      v.maxLength(MAX_LAB_RUN_EVENTS, EVENTS),
    ),
  }),
  v.check(
    (f) => routersOk(f),
    "events: a router event names a node that is not one of the topology's routers (or not its own)",
  ),
  v.check(
    (f) => Object.keys(f.guessed ?? {}).every((r) => routerIds(f).has(r)),
    "guessed: names a node that is not one of the topology's routers",
  ),
);

function routerIds(f: { topology: { nodes: readonly { id: string; kind: string }[] } }) {
  return new Set(f.topology.nodes.filter((n) => n.kind === 'router').map((n) => n.id));
}

function routersOk(f: {
  topology: { nodes: readonly { id: string; kind: string }[] };
  events: readonly (LabRunEvent | LabRunRouterEvent)[];
}): boolean {
  const ids = routerIds(f);
  return f.events.every(
    (e) => !('router' in e) || (ids.has(e.router) && e.event.node === e.router),
  );
}

/** One event of a file: an agent's (or the Server's), or one a capture saw at a router. */
export type LabRunAnyEvent = LabRunEvent | LabRunRouterEvent;
/** Whether `e` happened at a router. */
export const isRouterEvent = (e: LabRunAnyEvent): e is LabRunRouterEvent => 'router' in e;

/** The whole file (a version-1 file reads as version 2 without router events). */
export type LabRunFile = Omit<v.InferOutput<typeof LabRunFileSchema>, 'topology' | 'version'> & {
  readonly version: 1 | 2;
  readonly topology: TopologySpec;
};

/** A parsed file, or why it was refused. */
export type ParsedLabRun = { ok: true; run: LabRunFile } | { ok: false; error: string };

/** Parses a saved run from its text: size, JSON, then the schema. */
export function parseLabRun(text: string): ParsedLabRun {
  if (text.length > MAX_LAB_RUN_BYTES) {
    return { ok: false, error: `larger than ${MAX_LAB_RUN_BYTES} bytes` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON (${(e as Error).message})` };
  }
  const version = (data as { version?: unknown } | null)?.version;
  const schema = version === 1 ? LabRunFileV1Schema : LabRunFileSchema;
  const r = v.safeParse(schema, data, { abortEarly: true });
  if (!r.success) {
    // A union's own issue says only "one of"; the first of its alternatives' issues is clearer.
    const top = r.issues[0];
    const issue =
      top.issues?.[0] && top.path
        ? { ...top.issues[0], path: [...top.path, ...(top.issues[0].path ?? [])] }
        : top;
    const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
    return { ok: false, error: `${path || 'file'}: ${issue.message}` };
  }
  return { ok: true, run: r.output as LabRunFile };
}

/** The file's text (pretty enough to read). */
export function formatLabRun(run: LabRunFile): string {
  return `${JSON.stringify(run, null, 1)}\n`;
}
