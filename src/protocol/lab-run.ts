/**
 * A saved lab run, one JSON file: the setup the prediction came from (scenario, NAT choices, seed,
 * the topology it ran on), the terminal lines run for real and every event the lab streamed back,
 * as a valibot schema. A browser opens it without the lab; parsing checks the size first and
 * never throws.
 */
import * as v from 'valibot';
import { TopologySchema } from '../model/topology-schema.ts';
import type { TopologySpec } from '../model/topology.ts';
import { LabEventSchema } from './events.ts';
import { NodeSchema, RequestIdSchema } from './fields.ts';

/** The file's `format` tag and version. */
export const LAB_RUN_FORMAT = 'agujero-lab-run';
export const LAB_RUN_VERSION = 1;
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

/** The whole file. */
export const LabRunFileSchema = v.strictObject({
  format: v.literal(LAB_RUN_FORMAT, `must be "${LAB_RUN_FORMAT}"`),
  version: v.literal(LAB_RUN_VERSION, `must be ${LAB_RUN_VERSION}`),
  savedAt: v.pipe(v.string(), v.maxLength(40)),
  setup: v.strictObject({
    scenario: Name,
    nat: v.pipe(
      v.record(Name, Name),
      v.check((r) => Object.keys(r).length <= 8, 'too many'),
    ),
    seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4294967295))),
    stopAfter: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000))),
  }),
  topology: TopologySchema,
  lines: v.pipe(
    v.array(v.strictObject({ actor: Name, command: Line })),
    v.maxLength(100, 'at most 100 lines'),
  ),
  events: v.pipe(
    v.array(LabRunEventSchema),
    v.maxLength(MAX_LAB_RUN_EVENTS, `at most ${MAX_LAB_RUN_EVENTS} events`),
  ),
});
export type LabRunFile = Omit<v.InferOutput<typeof LabRunFileSchema>, 'topology'> & {
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
  const r = v.safeParse(LabRunFileSchema, data, { abortEarly: true });
  if (!r.success) {
    const issue = r.issues[0];
    const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
    return { ok: false, error: `${path || 'file'}: ${issue.message}` };
  }
  return { ok: true, run: r.output as LabRunFile };
}

/** The file's text (pretty enough to read). */
export function formatLabRun(run: LabRunFile): string {
  return `${JSON.stringify(run, null, 1)}\n`;
}
