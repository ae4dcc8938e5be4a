import { describe, expect, it } from 'vitest';
import { pystunCommand } from '../../src/machines/commands/pystun.ts';
import { PRESET_IDS, preset } from '../../src/model/presets.ts';
import type { PresetId } from '../../src/model/presets.ts';
import { ScenarioRun } from '../../src/model/scenario-run.ts';
import { SEED } from '../../src/model/scenarios/addresses.ts';
import { walkthroughStunScenario } from '../../src/model/scenarios/walkthrough-stun.ts';

const commands = { pystun: pystunCommand({ host: SEED.server, port: 3478 }) };

/** Runs `pystun ARGS` for Bob behind `nat` against the simulated stund; returns Bob's output. */
function classify(nat: PresetId, args: string, withServer = true) {
  const base = walkthroughStunScenario(nat, nat);
  const steps = [
    ...(withServer ? [base.steps[0]!] : []),
    { at: 1000, actor: 'bob', run: `pystun -p 59999 ${args}`.trim() },
  ];
  const run = new ScenarioRun({ ...base, steps, goals: [] }, { commands });
  run.runToEnd();
  const output = run
    .terminal('bob')
    .filter((l) => l.kind !== 'command')
    .map((l) => l.text)
    .join('');
  const lines = Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((l) => l.split(': ') as [string, string]),
  );
  return { run, output, lines };
}

// The classic test on every preset. Linux MASQUERADE with INPUT accepting looks symmetric to a
// one-socket client: Test II's answer from the alternate address reaches the router's own stack,
// conntrack keeps an entry for it, and Test I' toward that address then clashes to another port.
const CLASSIC: Record<PresetId, [string, string]> = {
  'open-internet': ['Open Internet', 'Open Internet'],
  'full-cone': ['Full Cone', 'Full Cone'],
  'restricted-cone': ['Restric NAT', 'Restric NAT'],
  'port-restricted-cone': ['Restric Port NAT', 'Restric NAT'],
  symmetric: ['Symmetric NAT', 'Symmetric NAT'],
  'linux-masquerade': ['Symmetric NAT', 'Symmetric NAT'],
  'linux-masquerade-input-drop': ['Restric Port NAT', 'Restric NAT'],
  'linux-random-fully': ['Symmetric NAT', 'Symmetric NAT'],
  cgnat: ['Restric Port NAT', 'Restric NAT'],
};

describe('the RFC 3489 classifier machine on the simulated network', () => {
  it.each(PRESET_IDS)(
    'classifies %s as pystun would (and as original pystun would with its Test III)',
    (nat) => {
      const [fixed, original] = CLASSIC[nat];
      expect(classify(nat, '').lines['NAT Type']).toBe(fixed);
      expect(classify(nat, '--pystun-bug').lines['NAT Type']).toBe(original);
    },
  );

  it("prints the seed's lines for Bob behind a full cone", () => {
    expect(classify('full-cone', '').output).toBe(
      'NAT Type: Full Cone\nExternal IP: 54.93.229.24\nExternal Port: 59999\n',
    );
  });

  it('retransmits on the RFC 8489 schedule and says Blocked when nothing answers', () => {
    const { run, lines } = classify('full-cone', '', false);
    expect(lines['NAT Type']).toBe('Blocked');
    const sends = run.events
      .filter((e) => e.type === 'sent' && e.node === 'bob')
      .map((e) => e.t - 1000);
    expect(sends).toEqual([0, 100, 300]);
    const printed = run.events.find((e) => e.type === 'output' && e.actor === 'bob');
    expect(printed!.t - 1000).toBe(300 + 400);
  });
});

describe('the RFC 5780 classifier machine on the simulated network', () => {
  it.each(PRESET_IDS)('finds the mapping and filtering behaviour of %s', (nat) => {
    const policy = preset(nat).policy;
    const { lines } = classify(nat, '--rfc5780');
    if (!policy.translate) {
      expect(lines['NAT']).toMatch(/^no/);
      return;
    }
    const mapping =
      policy.portAssignment === 'random-per-flow' ? 'address-port-dependent' : policy.mapping;
    expect(lines['Mapping']).toBe(mapping);
    expect(lines['Filtering']).toBe(policy.filtering);
    expect(lines['Port preserved']).toBe(policy.portAssignment === 'preserve' ? 'yes' : 'no');
  });
});
