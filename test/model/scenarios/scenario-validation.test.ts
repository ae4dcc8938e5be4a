/**
 * Scenario validation: everything a scenario cannot run as written (wrong types, missing parts,
 * unbounded repeats, unchecked links, references to observations that can never exist) is refused
 * up front with a SpecError ('bad-scenario') that names the field path and the step, as data and
 * in a sentence.
 */
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/model/errors.ts';
import { BASE_POLICY } from '../../../src/model/nat-policy.ts';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import type { Scenario } from '../../../src/model/scenario.ts';
import { MAX_COMMANDS, validateScenario } from '../../../src/model/scenario.ts';
import { SpecError } from '../../../src/model/spec-error.ts';
import { SCENARIOS, variantScenario } from '../../../src/model/scenarios/index.ts';
import { walkthroughScenario } from '../../../src/model/scenarios/walkthrough.ts';
import { walkthroughStunScenario } from '../../../src/model/scenarios/walkthrough-stun.ts';

/** What a constructor call made of `input`: accepted, or the error as data. */
function verdict(input: unknown): unknown {
  try {
    new ScenarioRun(input as Scenario);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    const where = e instanceof SpecError ? { path: e.path, step: e.step } : { untyped: true };
    return { code: e.code, message: e.message, ...where };
  }
  return 'accepted';
}

/** A mutable copy of the walkthrough (steps: server nc, bob echo, server ss, ...). */
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const base = (): Loose => structuredClone(walkthroughScenario()) as Loose;
const edit = (f: (s: Loose) => void): Loose => {
  const s = base();
  f(s);
  return s;
};
const BOB_TOC = 'bob: echo "toc" | nc -p 58888 -u 54.93.249.162 9000';

describe('scenario validation names the field and the step', () => {
  it.each<[string, unknown, (string | number)[], number | undefined, string]>([
    [
      'a string time',
      edit((s) => (s.steps[2].at = '1000')),
      ['steps', 2, 'at'],
      3,
      'step 3 (server: ss -unp): "at" must be a number of ms >= 0, got the string "1000"',
    ],
    [
      'a NaN period',
      edit((s) => Object.assign(s.steps[1], { every: NaN, times: 2 })),
      ['steps', 1, 'every'],
      2,
      `step 2 (${BOB_TOC}): "every" must be a number of ms > 0, got NaN`,
    ],
    [
      'an infinite period',
      edit((s) => Object.assign(s.steps[1], { every: Infinity, times: 2 })),
      ['steps', 1, 'every'],
      2,
      `step 2 (${BOB_TOC}): "every" must be a number of ms > 0, got Infinity`,
    ],
    [
      'a billion repeats',
      edit((s) => Object.assign(s.steps[1], { every: 1000, times: 1e9 })),
      ['steps', 1, 'times'],
      2,
      `step 2 (${BOB_TOC}): "times" must be an integer from 1 to ${MAX_COMMANDS}, got 1000000000`,
    ],
    [
      'repeats that add up past the bound',
      edit((s) => {
        Object.assign(s.steps[0], { every: 1, times: 6000 });
        Object.assign(s.steps[1], { every: 1, times: 6000 });
      }),
      ['steps', 1, 'times'],
      2,
      `step 2 (${BOB_TOC}): with this step the scenario unrolls to ${6000 + 6000 + 10} commands` +
        ` (repeats included); at most ${MAX_COMMANDS} are allowed`,
    ],
    [
      'a last repeat past any time',
      edit((s) => Object.assign(s.steps[1], { at: 1e308, every: 1e308, times: 3 })),
      ['steps', 1, 'times'],
      2,
      `step 2 (${BOB_TOC}): its last repeat would be at Infinity ms`,
    ],
    [
      'a step after the end',
      edit((s) => (s.endAt = 5000)),
      ['steps', 6, 'at'],
      7,
      'step 7 (alice: echo "upd hole" | nc -p 53333 -u ${server.saw.bob.ip} ${server.saw.bob.port}):' +
        ' it would run at 6000 ms, after the scenario ends ("endAt" 5000 ms)',
    ],
    [
      'a repeat after the end',
      edit((s) => {
        Object.assign(s.steps[1], { every: 1000, times: 5 });
        s.endAt = 4000;
      }),
      ['steps', 1, 'times'],
      2,
      `step 2 (${BOB_TOC}): its last repeat would run at 5000 ms, after the scenario ends` +
        ' ("endAt" 4000 ms)',
    ],
    [
      'a misspelt field',
      edit((s) => (s.steps[1].evry = 1000)),
      ['steps', 1, 'evry'],
      2,
      `step 2 (${BOB_TOC}): "evry" is not a field here`,
    ],
    [
      'a null step',
      edit((s) => (s.steps[4] = null)),
      ['steps', 4],
      5,
      'step 5 must be an object { at, actor, run, every?, times?, note? }, got null',
    ],
    [
      'a numeric command',
      edit((s) => (s.steps[3].run = 42)),
      ['steps', 3, 'run'],
      4,
      'step 4: "run" must be a command line (a string), got 42',
    ],
    [
      'a missing actor',
      edit((s) => delete s.steps[0].actor),
      ['steps', 0, 'actor'],
      1,
      'step 1: "actor" is missing',
    ],
    [
      'an unknown observer',
      edit((s) => (s.steps[6].run = 'echo hi | nc -u ${server.saw.nobody.ip} 9')),
      ['steps', 6, 'run'],
      7,
      'step 7 (alice: echo hi | nc -u ${server.saw.nobody.ip} 9): ${server.saw.nobody.ip}:' +
        ' "nobody" is not an actor (server, alice, bob), so it runs no commands',
    ],
    [
      'a malformed reference',
      edit((s) => (s.steps[6].run = 'echo hi | nc -u ${server saw} 9')),
      ['steps', 6, 'run'],
      7,
      'step 7 (alice: echo hi | nc -u ${server saw} 9): ${server saw} is not an observation;' +
        ' write ${HOST.saw.SENDER.ip}, ${HOST.saw.SENDER.port}, ${HOST.saw.SENDER.port.next},' +
        ' ${HOST.stun.ip}, ${HOST.stun.port}, ${HOST.turn.relay.ip}, ${HOST.turn.relay.port},' +
        ' ${HOST.turn.mapped.ip}, ${HOST.turn.mapped.port}, ${HOST.turn.peer.ip} or' +
        ' ${HOST.turn.peer.port}',
    ],
    [
      'an unknown observation',
      edit((s) => (s.steps[6].run = 'echo hi | nc -u 1.2.3.4 ${server.saw.bob.mac}')),
      ['steps', 6, 'run'],
      7,
      expect.stringContaining('${server.saw.bob.mac} is not an observation; write'),
    ],
    [
      'an unterminated reference',
      edit((s) => (s.steps[6].run = 'echo hi | nc -u ${server.saw.bob.ip 9')),
      ['steps', 6, 'run'],
      7,
      expect.stringContaining('${server.saw.bob.ip 9 is not an observation; write'),
    ],
  ])('refuses %s', (_what, input, path, step, message) => {
    expect(verdict(input)).toEqual({
      code: 'bad-scenario',
      message: typeof message === 'string' ? `scenario "walkthrough": ${message}` : message,
      path,
      step,
    });
  });
});

describe('scenario validation refuses what would crash, with a typed error', () => {
  it.each<[string, unknown, (string | number)[], string]>([
    ['no scenario', undefined, [], 'scenario must be an object, got nothing'],
    ['a null scenario', null, [], 'scenario must be an object, got null'],
    [
      'missing steps',
      edit((s) => delete s.steps),
      ['steps'],
      'scenario "walkthrough": "steps" is missing',
    ],
    [
      'null steps',
      edit((s) => (s.steps = null)),
      ['steps'],
      'scenario "walkthrough": "steps" must be a list of steps, got null',
    ],
    [
      'missing actors',
      edit((s) => delete s.actors),
      ['actors'],
      'scenario "walkthrough": "actors" is missing',
    ],
    [
      'a null topology',
      edit((s) => (s.topology = null)),
      ['topology'],
      'scenario "walkthrough": "topology" must be an object { nodes, defaultLink? }, got null',
    ],
    [
      'a topology without nodes',
      edit((s) => (s.topology = {})),
      ['topology', 'nodes'],
      'scenario "walkthrough": "topology.nodes" is missing',
    ],
    [
      'a numeric id',
      edit((s) => (s.id = 7)),
      ['id'],
      'scenario: "id" must be lowercase letters, digits and dashes, got 7',
    ],
    [
      'defaultLink loss above 1',
      edit((s) => (s.topology.defaultLink = { loss: 2 })),
      ['topology', 'defaultLink', 'loss'],
      'scenario "walkthrough": invalid topology: defaultLink loss must be in [0, 1]',
    ],
    [
      'negative defaultLink latency',
      edit((s) => (s.topology.defaultLink = { latencyMs: -5 })),
      ['topology', 'defaultLink', 'latencyMs'],
      'scenario "walkthrough": invalid topology: defaultLink latency must be >= 0',
    ],
    [
      'NaN defaultLink latency',
      edit((s) => (s.topology.defaultLink = { latencyMs: NaN })),
      ['topology', 'defaultLink', 'latencyMs'],
      'scenario "walkthrough": "topology.defaultLink.latencyMs" must be a number of ms, got NaN',
    ],
    [
      'a node without a parent',
      edit((s) => delete s.topology.nodes[0].parent),
      ['topology', 'nodes', 0, 'parent'],
      'scenario "walkthrough": "topology.nodes[0].parent" is missing',
    ],
    [
      'a policy with no port range',
      edit((s) => (s.topology.nodes[1].nat = { ...BASE_POLICY, portRange: 5 })),
      ['topology', 'nodes', 1, 'nat', 'portRange'],
      'scenario "walkthrough": "topology.nodes[1].nat.portRange" must be [first, last] port numbers, got 5',
    ],
    [
      'a goal for a non-actor',
      edit((s) => (s.goals = [{ ...s.goals[0], actor: 'bob-nat' }])),
      ['goals', 0, 'actor'],
      'scenario "walkthrough": goal "alice-hears-bob": actor "bob-nat" is not an actor',
    ],
    [
      'the same actor twice',
      edit((s) => s.actors.push('bob')),
      ['actors', 3],
      'scenario "walkthrough": actor "bob" is listed twice',
    ],
  ])('refuses %s', (_what, input, path, message) => {
    expect(verdict(input)).toMatchObject({ code: 'bad-scenario', message, path });
  });

  it('refuses a NaN latency on a node link as it does on the default link', () => {
    const s = edit((x) => (x.topology.nodes[0].link = { latencyMs: NaN }));
    expect(verdict(s)).toMatchObject({ path: ['topology', 'nodes', 0, 'link', 'latencyMs'] });
  });
});

describe('scenario validation accepts what runs', () => {
  const builtIns: [string, Scenario][] = [
    ...Object.entries(SCENARIOS).map(([id, build]): [string, Scenario] => [id, build()]),
    [
      'reply-to-source, predicted',
      variantScenario('reply-to-source', 'symmetric', 'symmetric', {
        bob: true,
        alice: true,
      }),
    ],
    ['simultaneous', variantScenario('simultaneous', 'full-cone', 'symmetric')],
  ];
  it.each(builtIns)('accepts the built-in %s', (_id, s) => expect(verdict(s)).toBe('accepted'));

  it('accepts the STUN walkthrough: ${HOST.stun.ip} is an observation', () => {
    expect(() => validateScenario(walkthroughStunScenario(), () => undefined)).not.toThrow();
  });

  it('accepts exactly the bound of unrolled commands', () => {
    const s = edit((x) => {
      x.steps = [{ at: 0, actor: 'bob', run: 'ss -unp', every: 1, times: MAX_COMMANDS }];
      x.goals = [];
    });
    expect(verdict(s)).toBe('accepted');
  });
});
