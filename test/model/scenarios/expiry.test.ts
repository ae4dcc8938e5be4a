import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../../src/model/scenario-run.ts';
import { expiryScenario, LATE_REPLY_AT } from '../../../src/model/scenarios/expiry.ts';
import { preset } from '../../../src/model/presets.ts';

describe('mapping expiry in the walkthrough', () => {
  const lifetime = preset('restricted-cone').policy.lifetimeMs;

  it("closes Alice's unused hole after its lifetime, so Bob's late reply is filtered", () => {
    const run = new ScenarioRun(expiryScenario(false));
    run.runToEnd();
    const expired = run.events.find((e) => e.type === 'mapping-expired' && e.node === 'alice-nat');
    expect(expired?.type === 'mapping-expired' && expired.binding.external.port).toBe(53333);
    // The punch left Alice's router at 6 s plus her 1 ms link; the mapping lives `lifetime` after.
    expect(expired?.t).toBe(6001 + lifetime);
    expect(expired!.t).toBeLessThan(LATE_REPLY_AT);
    const [o] = run.outcomes();
    expect(o?.reached).toBe(false);
    expect(o?.reason).toBe(
      'filtered: no mapping permits 54.93.229.24:58888 -> 82.230.120.113:53333 (at alice-nat)',
    );
  });

  it('holds the hole open with a keepalive every 20 s', () => {
    const run = new ScenarioRun(expiryScenario(true));
    run.runToEnd();
    expect(
      run.events.some(
        (e) => e.type === 'mapping-expired' && e.node === 'alice-nat' && e.t < LATE_REPLY_AT,
      ),
    ).toBe(false);
    const refreshes = run.events.filter(
      (e) => e.type === 'mapping-refreshed' && e.node === 'alice-nat',
    );
    expect(refreshes.length).toBeGreaterThanOrEqual(6);
    expect(run.outcomes()[0]?.reached).toBe(true);
  });
});
