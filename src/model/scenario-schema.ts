/**
 * The shape of a Scenario as a valibot schema: every field has its type and range (times are
 * finite numbers of ms, repeats are bounded, objects have no unknown fields), the topology
 * included. What fields refer to (actors, observations, commands) is checked by validateScenario.
 */
import * as v from 'valibot';
import type { Goal, Localized, Scenario, ScenarioStep } from './scenario.ts';
import type { SameKeys } from './spec-shape.ts';
import { finiteNumber, LocalizedSchema } from './spec-shape.ts';
import { TopologySchema } from './topology-schema.ts';

/**
 * The most commands a scenario may unroll to, repeats included. A command makes about nine trace
 * events (10,000 sends make 90,000 events, run in half a second) and "back" replays from the
 * start, so this keeps every run interactive and far below runToEnd's event limit; the longest
 * built-in scenario (hole-keepalive) has 15.
 */
export const MAX_COMMANDS = 10_000;

const TIME = 'must be a number of ms >= 0';
const PERIOD = 'must be a number of ms > 0';
const TIMES = `must be an integer from 1 to ${MAX_COMMANDS}`;
const ID = 'must be lowercase letters, digits and dashes';

/** What a scenario id may be (it appears in links to a scenario). */
export const SCENARIO_ID = /^[a-z0-9][a-z0-9-]*$/;
const SEED = 'must be an integer';

const TimeSchema = finiteNumber(TIME, v.minValue(0, TIME));

/** One timed command. */
export const StepSchema = v.strictObject(
  {
    at: TimeSchema,
    actor: v.string('must be an actor id (a string)'),
    run: v.string('must be a command line (a string)'),
    every: v.optional(finiteNumber(PERIOD, v.gtValue(0, PERIOD))),
    times: v.optional(
      v.pipe(
        v.number(TIMES),
        v.integer(TIMES),
        v.minValue(1, TIMES),
        v.maxValue(MAX_COMMANDS, TIMES),
      ),
    ),
    note: v.optional(LocalizedSchema),
  },
  'must be an object { at, actor, run, every?, times?, note? }',
);

/** One goal. */
export const GoalSchema = v.strictObject(
  {
    id: v.string('must be a string'),
    actor: v.string('must be an actor id (a string)'),
    text: v.string('must be a string'),
    label: LocalizedSchema,
  },
  'must be an object { id, actor, text, label }',
);

/** A whole scenario's shape. */
export const ScenarioSchema = v.strictObject(
  {
    id: v.pipe(v.string(ID), v.regex(SCENARIO_ID, ID)),
    title: LocalizedSchema,
    summary: v.optional(LocalizedSchema),
    seed: v.pipe(v.number(SEED), v.integer(SEED)),
    topology: TopologySchema,
    actors: v.array(v.string('must be a host id (a string)'), 'must be a list of host ids'),
    steps: v.array(StepSchema, 'must be a list of steps'),
    goals: v.optional(v.array(GoalSchema, 'must be a list of goals')),
    endAt: v.optional(TimeSchema),
  },
  'must be an object',
);

/** Compile-time guard: the schemas know exactly the fields of the public types. */
const schemaMatchesTypes: [
  SameKeys<v.InferOutput<typeof ScenarioSchema>, Scenario>,
  SameKeys<v.InferOutput<typeof StepSchema>, ScenarioStep>,
  SameKeys<v.InferOutput<typeof GoalSchema>, Goal>,
  SameKeys<v.InferOutput<typeof LocalizedSchema>, Localized>,
] = [true, true, true, true];
void schemaMatchesTypes;
