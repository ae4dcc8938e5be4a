/**
 * The typed error of a declarative spec (a scenario or a topology) that cannot run as written: a
 * ModelError whose message is a sentence and which also carries, as data, the path of the
 * offending field and the step it belongs to; plus the wording shared by every such sentence.
 */
import type { ModelErrorCode } from './errors.ts';
import { ModelError } from './errors.ts';

/** Where a field is: keys and array indexes from the spec's root, e.g. ['steps', 2, 'at']. */
export type FieldPath = readonly (string | number)[];

/** A ModelError naming the field (and the 1-based step) a spec is wrong at. */
export class SpecError extends ModelError {
  /** The offending field, from the root of the spec checked. */
  readonly path: FieldPath;
  /** The scenario step (1-based, as printed) the field belongs to, if any. */
  readonly step: number | undefined;

  constructor(
    code: Extract<ModelErrorCode, 'bad-scenario' | 'bad-topology'>,
    message: string,
    path: FieldPath,
    step?: number,
  ) {
    super(code, message);
    this.name = 'SpecError';
    this.path = path;
    this.step = step;
  }
}

/** A path as written in JavaScript: `topology.nodes[2].link.loss`. */
export function formatPath(path: FieldPath): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** A value as a sentence ends: `the string "1000"`, `NaN`, `null`, `an object`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    const text = JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    return `the string ${text}`;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}
