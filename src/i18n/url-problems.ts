/**
 * Words a URL problem (a link value the simulator could not use) in the UI language: what was
 * wrong and what is shown instead.
 */
import type { UrlProblem } from '../app/url-state.ts';
import { t } from './index.ts';
import type { Lang, StringKey } from './index.ts';

/** A problem found after the run was built (it needs the scenario or the run's length). */
export interface RunProblem {
  readonly kind: 'unknown-router' | 'step-past-end';
  readonly param: string;
  readonly value: string;
  readonly total?: number;
}

const KEYS = {
  'unknown-param': 'urlUnknownParam',
  'bad-page': 'urlBadPage',
  'unknown-scenario': 'urlUnknownScenario',
  'bad-nat': 'urlBadNat',
  'bad-seed': 'urlBadSeed',
  'bad-step': 'urlBadStep',
  'bad-packet': 'urlBadPacket',
  'bad-lang': 'urlBadLang',
  'unknown-router': 'urlUnknownRouter',
  'step-past-end': 'urlStepPastEnd',
} as const satisfies Record<UrlProblem['kind'] | RunProblem['kind'], StringKey>;

/** One problem as a sentence in `lang`. */
export function urlProblemText(lang: Lang, p: UrlProblem | RunProblem): string {
  const total = 'total' in p && p.total !== undefined ? p.total : '';
  return t(lang, KEYS[p.kind], { param: p.param, value: p.value, total });
}
