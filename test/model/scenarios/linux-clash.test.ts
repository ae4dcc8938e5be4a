import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import { linuxClashScenario } from '../../../src/model/scenarios/linux-clash.ts';
import type { TraceEvent } from '../../../src/model/trace.ts';

function run(inputDrop: boolean): ScenarioRun {
  const r = new ScenarioRun(linuxClashScenario(inputDrop));
  r.runToEnd();
  return r;
}

const bobMappings = (events: readonly TraceEvent[]) =>
  events.flatMap((e) => (e.type === 'mapping-created' && e.node === 'bob-nat' ? [e.binding] : []));

describe('Linux MASQUERADE with INPUT accepting: the conntrack clash', () => {
  const r = run(false);

  it("keeps a router-local conntrack entry for Alice's early punch", () => {
    const local = r.events.find(
      (e) => e.type === 'flow-created' && e.node === 'bob-nat' && e.flow.kind === 'local',
    );
    expect(local).toMatchObject({
      flow: {
        external: { ip: '54.93.229.24', port: 58888 },
        remote: { ip: '82.230.120.113', port: 53333 },
      },
    });
    const drop = r.events.find((e) => e.type === 'dropped' && e.node === 'bob-nat');
    expect(drop).toMatchObject({ reason: 'router-port-closed' });
  });

  it("sends Bob's reply from another port, which Alice's router filters", () => {
    const [first, clash] = bobMappings(r.events);
    expect(first?.external.port).toBe(58888);
    expect(clash?.internal).toEqual({ ip: '192.168.1.10', port: 58888 });
    expect(clash?.external.port).not.toBe(58888);
    // With the scenario's pinned seed the clash port is the one measured on a real kernel.
    expect(clash?.external.port).toBe(9065);
    expect(clash?.note).toMatch(
      /^clash: 54\.93\.229\.24:58888 toward 82\.230\.120\.113:53333 was already held/,
    );
    const [aliceHearsBob, bobHearsAlice] = r.outcomes();
    expect(aliceHearsBob?.reached).toBe(false);
    expect(aliceHearsBob?.reason).toMatch(
      /no mapping permits 54\.93\.229\.24:9065 -> 82\.230\.120\.113:53333.*\(at alice-nat\)$/,
    );
    expect(bobHearsAlice?.reached).toBe(false);
  });
});

describe('Linux MASQUERADE with INPUT dropping NEW on wan0', () => {
  const r = run(true);

  it('leaves no state for the early punch, so Bob keeps port 58888 and the punch works', () => {
    expect(r.events.some((e) => e.type === 'flow-created' && e.flow.kind === 'local')).toBe(false);
    expect(bobMappings(r.events).map((b) => b.external.port)).toEqual([58888]);
    expect(r.outcomes().every((o) => o.reached)).toBe(true);
  });
});
