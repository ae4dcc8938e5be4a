/**
 * Words a URL problem (a link value the simulator could not use) in the UI language: what was
 * wrong and what is shown instead.
 */
import type { NatChoice, UrlProblem, ViewState } from '../app/url-state.ts';
import { nodeName } from '../app/narrate.ts';
import { PRESETS } from '../model/index.ts';
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
  'bad-present': 'urlBadPresent',
  'bad-typed': 'urlBadTyped',
  'bad-stop-after': 'urlBadStopAfter',
  'unknown-router': 'urlUnknownRouter',
  'step-past-end': 'urlStepPastEnd',
} as const satisfies Record<UrlProblem['kind'] | RunProblem['kind'], StringKey>;

/** One problem as a sentence in `lang`. */
export function urlProblemText(lang: Lang, p: UrlProblem | RunProblem): string {
  const total = 'total' in p && p.total !== undefined ? p.total : '';
  return t(lang, KEYS[p.kind], { param: p.param, value: p.value, total });
}

/**
 * Checks a state against the run built from it: NATs for routers the scenario lacks and a step
 * past the run's end (`asked`) become problems, and the state keeps only what is shown.
 */
export function checkAgainstRun(
  state: ViewState,
  routers: readonly { readonly id: string }[],
  total: number,
  asked: number,
): { state: ViewState; problems: RunProblem[] } {
  const problems: RunProblem[] = [];
  const ids = new Set(routers.map((r) => r.id));
  const nat = { ...state.nat };
  for (const id of Object.keys(nat))
    if (!ids.has(id)) {
      problems.push({ kind: 'unknown-router', param: `nat.${id}`, value: id });
      delete nat[id];
    }
  if (asked > total)
    problems.push({ kind: 'step-past-end', param: 'step', value: String(asked), total });
  return { state: { ...state, nat, step: Math.min(asked, total) }, problems };
}

/** "Bob's NAT: Linux MASQUERADE, ..." for the NATs a new scenario brought, as a sentence. */
export function natsResetText(lang: Lang, choices: Readonly<Record<string, NatChoice>>): string {
  const nats = Object.entries(choices)
    .map(([router, c]) => {
      const name = PRESETS.find((p) => p.id === c.preset)?.name[lang] ?? c.preset;
      return `${nodeName(lang, router)}: ${name}`;
    })
    .join(', ');
  return t(lang, 'scenarioNatsReset', { nats });
}
