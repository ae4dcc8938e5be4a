import { describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/model/errors.ts';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import type { Scenario } from '../../../src/model/scenario.ts';
import { walkthroughScenario } from '../../../src/model/scenarios/walkthrough.ts';
import { SCENARIOS, scenarioById } from '../../../src/model/scenarios/index.ts';

const json = (x: unknown) =>
  JSON.stringify(x, (_, v: unknown) => (v instanceof Uint8Array ? [...v] : v));

describe('stepping and restoring', () => {
  const scenario = walkthroughScenario();

  it('steps one trace event at a time, in time order, to the same trace as a full run', () => {
    const full = new ScenarioRun(scenario);
    full.runToEnd();
    const stepped = new ScenarioRun(scenario);
    const seen = [];
    for (let e = stepped.step(); e; e = stepped.step()) {
      seen.push(e);
      expect(stepped.index).toBe(seen.length);
    }
    expect(json(seen)).toBe(json(full.events));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.t).toBeGreaterThanOrEqual(seen[i - 1]!.t);
    expect(stepped.step()).toBeUndefined();
  });

  it('restores any earlier step with the same events, tables and terminals (back)', () => {
    const run = new ScenarioRun(scenario);
    run.runToEnd();
    const total = run.index;
    for (const k of [0, 1, 7, Math.floor(total / 2), total - 1]) {
      const forward = new ScenarioRun(scenario);
      for (let i = 0; i < k; i++) forward.step();
      const back = ScenarioRun.restore(scenario, {}, k);
      expect(back.index).toBe(k);
      expect(json(back.events)).toBe(json(forward.events));
      expect(json(back.nats())).toBe(json(forward.nats()));
      expect(back.terminal('server')).toEqual(forward.terminal('server'));
      expect(back.network.now).toBe(forward.network.now);
    }
  });

  it('gives the same run for the same seed and NAT choice', () => {
    const a = new ScenarioRun(scenario, { seed: 7, nat: { 'alice-nat': 'linux-random-fully' } });
    const b = new ScenarioRun(scenario, { seed: 7, nat: { 'alice-nat': 'linux-random-fully' } });
    expect(json(a.runToEnd())).toBe(json(b.runToEnd()));
    const c = new ScenarioRun(scenario, { seed: 8, nat: { 'alice-nat': 'linux-random-fully' } });
    expect(json(c.runToEnd())).not.toBe(json(a.events));
  });

  it('replaces NATs by router id and rejects unknown routers', () => {
    const run = new ScenarioRun(scenario, { nat: { 'bob-nat': 'symmetric' } });
    expect(run.network.nat('bob-nat').policy.mapping).toBe('address-port-dependent');
    expect(() => new ScenarioRun(scenario, { nat: { 'carol-nat': 'symmetric' } })).toThrow(
      /no router "carol-nat"/,
    );
  });
});

describe('scenario validation', () => {
  const base = walkthroughScenario();
  const withStep = (run: string, actor = 'bob', at = 100): Scenario => ({
    ...base,
    steps: [{ at, actor, run }],
  });
  const cases: [string, Scenario, RegExp][] = [
    [
      'a command nc does not know',
      withStep('nc -u -z 1.2.3.4 9'),
      /step 1 \(bob: nc -u -z 1\.2\.3\.4 9\): nc: invalid option -- 'z'/,
    ],
    ['TCP netcat', withStep('nc 1.2.3.4 9'), /only UDP is modelled here: add -u/],
    ['a bad port', withStep('nc -u 1.2.3.4 70000'), /port number invalid: 70000/],
    ['a host name', withStep('nc -u example.org 9'), /getaddrinfo for host "example\.org"/],
    [
      'an unknown program',
      withStep('pystun -p 3'),
      /pystun: command not found \(available: nc, stund, ss, turnserver, turn\)/,
    ],
    [
      'an unknown actor',
      withStep('ss -unp', 'carol'),
      /actor "carol" is not one of server, alice, bob/,
    ],
    ['a negative time', withStep('ss -unp', 'bob', -1), /"at" must be a number of ms >= 0, got -1/],
    ['an unterminated quote', withStep('echo "hi | nc -u 1.2.3.4 9'), /unterminated " quote/],
    ['a bad id', { ...base, id: 'Bad Id' }, /"id" must be lowercase/],
    [
      'a bad topology',
      {
        ...base,
        topology: { nodes: [{ kind: 'host', id: 'server', ip: '300.1.1.1', parent: 'internet' }] },
      },
      /octet "300" out of 0-255/,
    ],
    [
      'a repeat without period',
      { ...base, steps: [{ at: 0, actor: 'bob', run: 'ss -unp', times: 3 }] },
      /repeating needs "every" > 0/,
    ],
  ];
  it.each(cases)('rejects %s with a clear error', (_, scenario, message) => {
    let error: unknown;
    try {
      new ScenarioRun(scenario);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('bad-scenario');
    expect((error as ModelError).message).toMatch(message);
  });

  it('prints a ${variable} not observed yet to the terminal at run time instead of crashing', () => {
    const run = new ScenarioRun({
      ...base,
      steps: [
        { at: 0, actor: 'bob', run: 'nc -u ${server.saw.alice.ip} ${server.saw.alice.port}' },
      ],
    });
    run.runToEnd();
    expect(run.terminal('bob').at(-1)).toMatchObject({
      kind: 'stderr',
      text: expect.stringMatching(/unknown variable \$\{server\.saw\.alice\.ip\}/),
    });
  });

  it('reports "Address already in use" like nc when the port is taken', () => {
    const run = new ScenarioRun({
      ...base,
      steps: [{ at: 0, actor: 'bob', run: 'nc -klu 58888' }],
    });
    run.network.host('bob').bind(58888);
    run.runToEnd();
    expect(run.terminal('bob').at(-1)).toMatchObject({
      kind: 'stderr',
      text: 'nc: Address already in use\n',
    });
  });

  it('knows every catalog scenario by id and rejects others', () => {
    for (const id of Object.keys(SCENARIOS)) expect(scenarioById(id).id).toBe(id);
    expect(() => scenarioById('nope')).toThrow(/unknown scenario "nope"; known: walkthrough, /);
  });
});
