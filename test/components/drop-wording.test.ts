/**
 * Drops, goals and stage tags worded from the model's data (issue 8): the filtering rule named in
 * a drop's sentence is the policy of the NAT that dropped it, never one guessed from the reason;
 * the stage's drop tags and the goals' places read in the UI language, with display names.
 */
import { describe, expect, it } from 'vitest';
import {
  DROP_REASON_TEXT,
  PRESET_IDS,
  PRESETS,
  ScenarioRun,
  scenarioById,
} from '../../src/model/index.ts';
import type { DropReason, PresetId, TraceEvent } from '../../src/model/index.ts';
import { narrate } from '../../src/app/narrate.ts';
import { dropSummary, dropTag } from '../../src/i18n/drops.ts';
import { goalReason } from '../../src/i18n/reasons.ts';
import { LANGS } from '../../src/i18n/index.ts';

const RULE = {
  'endpoint-independent': {
    en: 'endpoint-independent filtering',
    es: 'filtrado independiente del destino',
  },
  'address-dependent': {
    en: 'address-dependent filtering',
    es: 'filtrado dependiente de la dirección',
  },
  'address-port-dependent': {
    en: 'address-and-port-dependent filtering',
    es: 'filtrado dependiente de dirección y puerto',
  },
} as const;

function walkthrough(alice: PresetId, bob: PresetId = 'full-cone'): ScenarioRun {
  const run = new ScenarioRun(scenarioById('walkthrough'), {
    nat: { 'alice-nat': { preset: alice }, 'bob-nat': { preset: bob } },
  });
  run.runToEnd();
  return run;
}

const filtered = (events: readonly TraceEvent[]) =>
  events.flatMap((e) =>
    e.type === 'dropped' && (e.reason === 'filtered-address' || e.reason === 'filtered-port')
      ? [e]
      : [],
  );

describe('the filtering rule a drop names', () => {
  it('Alice behind a symmetric NAT: address-and-port-dependent, in both languages', () => {
    const [drop] = filtered(walkthrough('symmetric').events);
    expect(drop?.reason).toBe('filtered-address');
    expect(drop?.facts?.filtering).toBe('address-port-dependent');
    if (!drop) return;
    expect(narrate('en', drop).title).toContain('(address-and-port-dependent filtering)');
    expect(narrate('en', drop).title).not.toContain('(address-dependent filtering)');
    expect(narrate('es', drop).title).toContain('(filtrado dependiente de dirección y puerto)');
  });

  it.each(PRESET_IDS.flatMap((a) => PRESET_IDS.map((b) => [a, b] as const)))(
    'Alice %s, Bob %s: every filtered drop names the dropping NAT’s own rule',
    (alice, bob) => {
      const run = walkthrough(alice, bob);
      const policy = (node: string) =>
        PRESETS.find((p) => p.id === (node === 'alice-nat' ? alice : bob))?.policy;
      for (const d of filtered(run.events)) {
        const rule = policy(d.node)?.filtering;
        expect(d.facts?.filtering).toBe(rule);
        if (!rule) continue;
        for (const lang of LANGS) {
          expect(narrate(lang, d).title).toContain(`(${RULE[rule][lang]})`);
          for (const other of Object.keys(RULE) as (keyof typeof RULE)[])
            if (other !== rule)
              expect(narrate(lang, d).title).not.toContain(`(${RULE[other][lang]})`);
        }
      }
    },
  );

  it('a reason without facts names no rule', () => {
    expect(dropSummary('en', { reason: 'no-mapping' })).toBe(DROP_REASON_TEXT['no-mapping']);
  });
});

describe('drop tags on the stage', () => {
  const reasons = Object.keys(DROP_REASON_TEXT) as DropReason[];
  it.each(reasons)('%s reads in Spanish and English, never as the code', (reason) => {
    const es = dropTag('es', reason);
    const en = dropTag('en', reason);
    expect(es).not.toBe(reason);
    expect(en).not.toBe(reason);
    expect(es).not.toBe(en);
    expect(es.length).toBeLessThanOrEqual(28);
    expect(en.length).toBeLessThanOrEqual(28);
  });
});

describe('goals name nodes as people read them', () => {
  it('Alice symmetric: the miss is at "NAT de Alice" / "Alice\'s NAT", the success reaches "Bob"', () => {
    const outcomes = walkthrough('symmetric', 'full-cone').outcomes();
    const miss = outcomes.find((o) => o.goal.id === 'alice-hears-bob');
    const hit = outcomes.find((o) => o.goal.id === 'bob-hears-alice');
    if (!miss || !hit) throw new Error('walkthrough goals missing');
    expect(goalReason('es', miss)).toMatch(/\(en NAT de Alice\)$/);
    expect(goalReason('en', miss)).toMatch(/\(at Alice's NAT\)$/);
    expect(goalReason('es', hit)).toMatch(/^entregado a Bob en /);
    expect(goalReason('en', hit)).toMatch(/^delivered to Bob at /);
    for (const lang of LANGS)
      for (const o of outcomes) expect(goalReason(lang, o)).not.toMatch(/\b(alice|bob)(-nat)?\b/);
  });
});
