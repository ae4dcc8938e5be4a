import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import { CGNAT_PUBLIC, cgnatScenario } from '../../../src/model/scenarios/cgnat.ts';

describe('a home NAT behind a carrier-grade NAT', () => {
  it('shows the server both peers at the CGNAT address, translated twice', () => {
    const run = new ScenarioRun(cgnatScenario(true));
    run.runToEnd();
    expect(run.observations['server.saw.bob.ip']).toBe(CGNAT_PUBLIC);
    expect(run.observations['server.saw.alice.ip']).toBe(CGNAT_PUBLIC);
    const firstToc = run.events
      .filter((e) => e.type === 'translated' && e.direction === 'outbound')
      .slice(0, 2);
    expect(firstToc.map((e) => e.type === 'translated' && [e.node, e.after.src.ip])).toEqual([
      ['bob-nat', '100.64.0.2'],
      ['cgnat', CGNAT_PUBLIC],
    ]);
  });

  it('punches through the CGNAT only when it hairpins', () => {
    const yes = new ScenarioRun(cgnatScenario(true));
    yes.runToEnd();
    expect(yes.outcomes().every((o) => o.reached)).toBe(true);
    expect(
      yes.events.some(
        (e) => e.type === 'translated' && e.direction === 'hairpin' && e.node === 'cgnat',
      ),
    ).toBe(true);
    const no = new ScenarioRun(cgnatScenario(false));
    no.runToEnd();
    const [o] = no.outcomes();
    expect(o?.reached).toBe(false);
    expect(o?.reason).toMatch(
      /^cgnat does not hairpin 100\.64\.0\.2:58888 -> 54\.93\.200\.1:\d+ \(at cgnat\)$/,
    );
    expect(no.events.some((e) => e.type === 'dropped' && e.reason === 'hairpin-unsupported')).toBe(
      true,
    );
  });
});
