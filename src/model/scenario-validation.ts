/**
 * Scenario validation: the shape (ScenarioSchema), then what the fields refer to: the topology,
 * actors that are hosts, steps typed by actors, a bounded number of commands, `${…}` references
 * to observations a run can make, and command lines that parse. Every refusal is a SpecError
 * ('bad-scenario') naming the scenario, the step and the field.
 */
import { ModelError } from './errors.ts';
import type { Observation } from './observations.ts';
import {
  isPortObservation,
  OBSERVATION_FORMS,
  observationHosts,
  parseObservation,
} from './observations.ts';
import type { Scenario, ScenarioStep } from './scenario.ts';
import { MAX_COMMANDS, SCENARIO_ID, ScenarioSchema } from './scenario-schema.ts';
import { references, substitute } from './shell.ts';
import type { FieldPath } from './spec-error.ts';
import { formatPath, SpecError } from './spec-error.ts';
import { shapeProblem } from './spec-shape.ts';
import { validateTopology } from './topology.ts';

/** Stand-ins for observations while checking a command line before the run. */
const PLACEHOLDER = { ip: '192.0.2.1', port: '9' };

/** Throws the SpecError for `path`, worded `scenario "id": step N (actor: run): text`. */
function refuse(input: unknown, path: FieldPath, text: string): never {
  const s = (typeof input === 'object' && input) as Partial<Record<string, unknown>>;
  const id = s && typeof s.id === 'string' && SCENARIO_ID.test(s.id) ? s.id : '';
  let head = id ? `scenario "${id}"` : 'scenario';
  let step: number | undefined;
  if (path[0] === 'steps' && typeof path[1] === 'number') {
    step = path[1] + 1;
    const raw = (s.steps as unknown[])[path[1]] as Partial<ScenarioStep> | null;
    const typed = typeof raw?.actor === 'string' && typeof raw.run === 'string';
    head += `: step ${step}${typed ? ` (${raw.actor}: ${raw.run})` : ''}`;
  }
  throw new SpecError('bad-scenario', `${head}${text}`, path, step);
}

/** The field named relative to its step (or the scenario), then the rule it breaks. */
function fieldRule(path: FieldPath, rule: string): string {
  const rel = path[0] === 'steps' && typeof path[1] === 'number' ? path.slice(2) : path;
  return rel.length === 0 ? ` ${rule}` : `: "${formatPath(rel)}" ${rule}`;
}

/**
 * Checks a scenario (any value) before it runs; `checkCommand` validates one command line and
 * throws ModelError. Throws SpecError('bad-scenario') for the first problem found.
 */
export function validateScenario(
  input: unknown,
  checkCommand: (line: string) => void,
): asserts input is Scenario {
  const shape = shapeProblem(ScenarioSchema, input);
  if (shape) refuse(input, shape.path, fieldRule(shape.path, shape.rule));
  const s = input as Scenario;
  const fail = (path: FieldPath, text: string): never => refuse(s, path, `: ${text}`);
  try {
    validateTopology(s.topology);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    fail(['topology', ...e.path], e.message);
  }
  const hosts = new Set(s.topology.nodes.filter((n) => n.kind === 'host').map((n) => n.id));
  s.actors.forEach((a, i) => {
    if (!hosts.has(a)) fail(['actors', i], `actor "${a}" is not a host of the topology`);
    if (s.actors.indexOf(a) !== i) fail(['actors', i], `actor "${a}" is listed twice`);
  });
  const total = s.steps.reduce((n, step) => n + (step.times ?? 1), 0);
  let unrolled = 0;
  s.steps.forEach((step, i) => {
    const times = step.times ?? 1;
    if (!s.actors.includes(step.actor))
      fail(
        ['steps', i, 'actor'],
        `actor "${step.actor}" is not one of ${s.actors.join(', ') || 'the actors (none)'}`,
      );
    if (times > 1 && step.every === undefined)
      fail(['steps', i, 'every'], `repeating needs "every" > 0 (the ms between repeats)`);
    const last = step.at + (times - 1) * (step.every ?? 0);
    if (!Number.isFinite(last))
      fail(['steps', i, 'times'], 'its last repeat would be at Infinity ms');
    if (s.endAt !== undefined && last > s.endAt)
      fail(
        ['steps', i, times > 1 ? 'times' : 'at'],
        `${times > 1 ? 'its last repeat' : 'it'} would run at ${last} ms,` +
          ` after the scenario ends ("endAt" ${s.endAt} ms)`,
      );
    unrolled += times;
    if (unrolled > MAX_COMMANDS)
      fail(
        ['steps', i, ...(step.times === undefined ? [] : ['times'])],
        `with this step the scenario unrolls to ${total} commands (repeats included);` +
          ` at most ${MAX_COMMANDS} are allowed`,
      );
    const vars = observationStandIns(step.run, s.actors, (text) => fail(['steps', i, 'run'], text));
    try {
      checkCommand(substitute(step.run, vars));
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
      fail(['steps', i, 'run'], e.message);
    }
  });
  const goalIds = new Set<string>();
  (s.goals ?? []).forEach((g, i) => {
    if (goalIds.has(g.id)) fail(['goals', i, 'id'], `goal id "${g.id}" is used twice`);
    goalIds.add(g.id);
    if (!s.actors.includes(g.actor))
      fail(['goals', i, 'actor'], `goal "${g.id}": actor "${g.actor}" is not an actor`);
  });
}

/**
 * A stand-in value for every `${…}` of a command line, after checking that each names an
 * observation the run can make: a known form, between actors (only actors run commands).
 */
function observationStandIns(
  run: string,
  actors: readonly string[],
  bad: (text: string) => never,
): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const ref of references(run)) {
    const { name } = ref;
    const o: Observation | undefined = name === undefined ? undefined : parseObservation(name);
    if (name === undefined || !o)
      return bad(`${ref.text} is not an observation; write ${orList(OBSERVATION_FORMS)}`);
    for (const host of observationHosts(o))
      if (!actors.includes(host))
        bad(
          `${ref.text}: "${host}" is not an actor (${actors.join(', ')}), so it runs no commands`,
        );
    vars[name] = isPortObservation(o) ? PLACEHOLDER.port : PLACEHOLDER.ip;
  }
  return vars;
}

/** "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} or ${items.at(-1) as string}`;
}
