/**
 * Shape checks of declarative specs with valibot: runs a schema and turns its first issue into a
 * field path and the rest of a sentence ("must be a number of ms >= 0, got the string "1000"",
 * "is missing", "is not a field here"). Schemas carry their rules as "must be …" messages.
 */
import * as v from 'valibot';
import type { FieldPath } from './spec-error.ts';
import { describeValue } from './spec-error.ts';

/** The first thing wrong with a value's shape: where, and what (to follow the field's name). */
export interface ShapeProblem {
  readonly path: FieldPath;
  readonly rule: string;
}

/** Checks `input` against `schema`; undefined when its shape is right. */
export function shapeProblem(schema: v.GenericSchema, input: unknown): ShapeProblem | undefined {
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return undefined;
  const issue = result.issues[0];
  const items = issue.path ?? [];
  const path = items.map((item) => item.key as string | number);
  const last = items.at(-1);
  if (last?.origin === 'key') {
    return { path, rule: issue.expected === 'never' ? 'is not a field here' : 'is missing' };
  }
  return { path, rule: `${issue.message}, got ${describeValue(issue.input)}` };
}

/** A finite number, with `rule` as the message of every way it can fail. */
export function finiteNumber(
  rule: string,
  ...checks: v.PipeItem<number, number, v.BaseIssue<unknown>>[]
): v.GenericSchema<number> {
  return v.pipe(v.number(rule), v.finite(rule), ...checks);
}

/** `{ en, es }` texts for both UI languages. */
export const LocalizedSchema = v.strictObject(
  { en: v.string('must be a string'), es: v.string('must be a string') },
  'must be { en, es } texts',
);

/** True when A and B have exactly the same keys: pins a schema to its public type. */
export type SameKeys<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? true
    : false
  : false;
