/**
 * Scenario titles and summaries in the UI language: the model's own Localized text for built-in
 * scenarios, the UI's strings for the walkthrough's alternative procedures.
 */
import { pick, t } from '../i18n/index.ts';
import type { Lang, StringKey } from '../i18n/index.ts';
import type { Scenario } from '../model/index.ts';
import { buildScenario, SCENARIO_IDS } from './catalog.ts';

const VARIANT_TITLES: Readonly<Record<string, readonly [StringKey, StringKey]>> = {
  'walkthrough-reply-to-source': ['variantReply', 'variantReplySummary'],
  'walkthrough-simultaneous': ['variantSimultaneous', 'variantSimultaneousSummary'],
  'walkthrough-seed-order-predicted': ['variantPredicted', 'variantPredictedSummary'],
  'walkthrough-reply-to-source-predicted': [
    'variantReplyPredicted',
    'variantReplyPredictedSummary',
  ],
  'walkthrough-simultaneous-predicted': [
    'variantSimultaneousPredicted',
    'variantSimultaneousPredictedSummary',
  ],
};

/** A scenario's title and summary in `lang`. */
export function scenarioTitle(
  lang: Lang,
  id: string,
  s: Scenario,
): { title: string; summary: string } {
  const keys = VARIANT_TITLES[id];
  if (keys) return { title: t(lang, keys[0]), summary: t(lang, keys[1]) };
  return { title: pick(lang, s.title), summary: s.summary ? pick(lang, s.summary) : '' };
}

const cache = new Map<string, Scenario>();

/** Every scenario for the picker, with its title in `lang`. */
export function scenarioOptions(lang: Lang): { id: string; title: string }[] {
  return SCENARIO_IDS.map((id) => {
    let s = cache.get(id);
    if (!s) {
      s = buildScenario(id);
      cache.set(id, s);
    }
    return { id, title: scenarioTitle(lang, id, s).title };
  });
}
