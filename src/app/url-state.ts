/**
 * The view's state as a URL query, both ways: page, scenario, the NAT of each router (a preset or
 * a preset with RFC 4787 overrides), seed, step, selected packet and language, so a copied link
 * reproduces what one saw. Unknown or invalid values fall back to defaults, never throw, and are
 * reported as UrlProblems so the page can say so and correct the address.
 *
 * Example: ?s=walkthrough&nat.alice-nat=symmetric&nat.bob-nat=full-cone.f-ad.lt-30&step=27&lang=en
 */
import { DEPENDENCES } from '../model/index.ts';
import type { Dependence, NatPolicy, NatSpec, PortAssignment, PresetId } from '../model/index.ts';
import { isLang } from '../i18n/index.ts';
import type { Lang } from '../i18n/index.ts';
import { DEFAULT_SCENARIO, isPresetId, isScenarioId } from './catalog.ts';
import type { Session } from './typed.ts';
import { formatSession, parseSession } from './typed-url.ts';

/** Which page is shown. */
export type Page = 'sim' | 'matrix';

/** A router's NAT as the UI handles it: a preset, possibly with knob overrides. */
export interface NatChoice {
  readonly preset: PresetId;
  readonly overrides: Partial<NatPolicy>;
}

/** Whether two NAT choices are the same NAT: the same preset and the same overrides, by value. */
export function sameChoice(a: NatChoice | undefined, b: NatChoice | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.preset !== b.preset) return false;
  const set = (c: NatChoice): [string, string][] =>
    Object.entries(c.overrides)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]): [string, string] => [k, JSON.stringify(v)])
      .sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify(set(a)) === JSON.stringify(set(b));
}

/** Everything the URL holds. */
export interface ViewState {
  readonly page: Page;
  readonly scenario: string;
  /** NAT choices by router id, only for routers the user changed. */
  readonly nat: Readonly<Record<string, NatChoice>>;
  readonly seed: number | undefined;
  readonly step: number;
  readonly packet: number | undefined;
  readonly lang: Lang;
  /** Commands the student typed, and a scenario cut (see typed.ts); undefined when none. */
  readonly session?: Session | undefined;
  /** Presentation mode: larger type and fewer panels, for a classroom projector. */
  readonly present: boolean;
}

/** The state of a first visit. */
export const DEFAULT_STATE: ViewState = {
  page: 'sim',
  scenario: DEFAULT_SCENARIO,
  nat: {},
  seed: undefined,
  step: 0,
  packet: undefined,
  lang: 'es',
  present: false,
};

const DEP: Readonly<Record<string, Dependence>> = {
  ei: 'endpoint-independent',
  ad: 'address-dependent',
  apd: 'address-port-dependent',
};
const DEP_CODE = (d: Dependence): 'ei' | 'ad' | 'apd' =>
  d === 'endpoint-independent' ? 'ei' : d === 'address-dependent' ? 'ad' : 'apd';
const ASSIGNMENTS: readonly PortAssignment[] = [
  'preserve',
  'sequential',
  'random',
  'random-per-flow',
  'hash-per-destination',
];
const BOOLS = {
  hp: 'hairpinning',
  ic: 'inboundCreatesState',
  ir: 'inboundRefresh',
  po: 'portOverloading',
} as const;

/** Encodes a NAT choice: `preset` then `.key-value` per override. */
export function encodeNat(c: NatChoice): string {
  const o = c.overrides;
  const parts: string[] = [c.preset];
  if (o.mapping) parts.push(`m-${DEP_CODE(o.mapping)}`);
  if (o.filtering) parts.push(`f-${DEP_CODE(o.filtering)}`);
  if (o.portAssignment) parts.push(`pa-${o.portAssignment}`);
  if (o.clash) parts.push(`c-${o.clash}`);
  if (o.lifetimeMs !== undefined) parts.push(lifetimeKnob(o.lifetimeMs));
  for (const [k, name] of Object.entries(BOOLS)) {
    const v = o[name];
    if (v !== undefined) parts.push(`${k}-${v ? 1 : 0}`);
  }
  return parts.join('.');
}

/** The longest lifetime the picker accepts, in ms (a day). */
export const MAX_LIFETIME_MS = 86_400_000;

/**
 * A lifetime as a knob: `lt-` in seconds (`lt-30`, `lt-1.5`) when that reads back exactly,
 * otherwise `ltms-` in milliseconds, so every value the picker accepts survives a link.
 */
function lifetimeKnob(ms: number): string {
  const s = ms / 1000;
  return s * 1000 === ms ? `lt-${s}` : `ltms-${ms}`;
}

/** A lifetime knob's value in ms, or undefined when out of range. */
function lifetimeMs(key: string, v: string): number | undefined {
  if (!/^\d+(\.\d+)?(e-?\d+)?$/.test(v)) return undefined;
  const ms = key === 'lt' ? Number(v) * 1000 : Number(v);
  return ms > 0 && ms <= MAX_LIFETIME_MS ? ms : undefined;
}

/**
 * Decodes a NAT choice; undefined when the preset is unknown. Bad knobs are ignored (and pushed to
 * `ignored`). Knobs are separated by dots that a letter follows, so decimals (`lt-1.5`) stay whole.
 */
export function decodeNat(text: string, ignored: string[] = []): NatChoice | undefined {
  const [presetId, ...knobs] = text.split(/\.(?=[a-z])/);
  if (!presetId || !isPresetId(presetId)) return undefined;
  const o: Record<string, unknown> = {};
  for (const k of knobs) {
    const dash = k.indexOf('-');
    const key = k.slice(0, dash);
    const v = k.slice(dash + 1);
    if ((key === 'm' || key === 'f') && DEP[v]) o[key === 'm' ? 'mapping' : 'filtering'] = DEP[v];
    else if (key === 'pa' && (ASSIGNMENTS as readonly string[]).includes(v))
      o['portAssignment'] = v;
    else if (key === 'c' && (v === 'next-free' || v === 'random')) o['clash'] = v;
    else if ((key === 'lt' || key === 'ltms') && lifetimeMs(key, v) !== undefined)
      o['lifetimeMs'] = lifetimeMs(key, v);
    else if (key in BOOLS && (v === '0' || v === '1'))
      o[BOOLS[key as keyof typeof BOOLS]] = v === '1';
    else ignored.push(k);
  }
  return { preset: presetId, overrides: o as Partial<NatPolicy> };
}

/** The model's NatSpec for a choice. */
export function natSpec(c: NatChoice): NatSpec {
  return Object.keys(c.overrides).length === 0
    ? c.preset
    : { preset: c.preset, overrides: c.overrides };
}

/** The largest seed: seeds are unsigned 32-bit integers (the generator mixes 32 bits). */
export const MAX_SEED = 4_294_967_295;

/** Whether `n` is a seed the simulator accepts. */
export function isSeed(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_SEED;
}

/** A URL parameter that could not be used as given, and what is shown instead. */
export interface UrlProblem {
  readonly kind:
    | 'unknown-param'
    | 'bad-page'
    | 'unknown-scenario'
    | 'bad-nat'
    | 'bad-seed'
    | 'bad-step'
    | 'bad-packet'
    | 'bad-lang'
    | 'bad-typed'
    | 'bad-stop-after'
    | 'bad-present';
  readonly param: string;
  readonly value: string;
}

const KNOWN = new Set(['page', 's', 'seed', 'step', 'pkt', 'lang', 'present', 't', 'stopAfter']);

/**
 * Parses a query string (with or without `?`). Values it cannot use fall back to defaults; each
 * is passed to `report`, so the page can say so and correct the URL.
 */
export function parseState(
  search: string,
  report: (problem: UrlProblem) => void = () => {},
): ViewState {
  const q = new URLSearchParams(search);
  const bad = (kind: UrlProblem['kind'], param: string, value: string) =>
    report({ kind, param, value });
  const nat: Record<string, NatChoice> = {};
  for (const [k, v] of q) {
    if (!k.startsWith('nat.')) {
      if (!KNOWN.has(k)) bad('unknown-param', k, v);
      continue;
    }
    const ignored: string[] = [];
    const choice = decodeNat(v, ignored);
    const router = k.slice(4);
    if (choice && /^[a-z][a-z0-9-]*$/.test(router)) nat[router] = choice;
    if (!choice || !/^[a-z][a-z0-9-]*$/.test(router) || ignored.length > 0) bad('bad-nat', k, v);
  }
  const whole = (param: string, kind: UrlProblem['kind'], ok: (n: number) => boolean) => {
    const v = q.get(param);
    if (v === null) return undefined;
    if (/^\d{1,15}$/.test(v) && ok(Number(v))) return Number(v);
    bad(kind, param, v);
    return undefined;
  };
  const flag = (param: string, kind: UrlProblem['kind']): boolean => {
    const v = q.get(param);
    if (v !== null && v !== '0' && v !== '1') bad(kind, param, v);
    return v === '1';
  };
  const scenario = q.get('s') ?? DEFAULT_SCENARIO;
  if (!isScenarioId(scenario)) bad('unknown-scenario', 's', scenario);
  const lang = q.get('lang');
  if (lang !== null && !isLang(lang)) bad('bad-lang', 'lang', lang);
  const page = q.get('page');
  if (page !== null && page !== 'matrix' && page !== 'sim') bad('bad-page', 'page', page);
  return {
    page: page === 'matrix' ? 'matrix' : 'sim',
    scenario: isScenarioId(scenario) ? scenario : DEFAULT_SCENARIO,
    nat,
    seed: whole('seed', 'bad-seed', isSeed),
    step: whole('step', 'bad-step', Number.isSafeInteger) ?? 0,
    packet: whole('pkt', 'bad-packet', (n) => n >= 1 && Number.isSafeInteger(n)),
    lang: isLang(lang) ? lang : DEFAULT_STATE.lang,
    session: parseSession(q, bad),
    present: flag('present', 'bad-present'),
  };
}

/** Serializes a state as a query string starting with `?` (defaults left out, stable order). */
export function formatState(s: ViewState): string {
  const q = new URLSearchParams();
  if (s.page !== 'sim') q.set('page', s.page);
  q.set('s', s.scenario);
  for (const id of Object.keys(s.nat).sort()) q.set(`nat.${id}`, encodeNat(s.nat[id] as NatChoice));
  if (s.seed !== undefined) q.set('seed', String(s.seed));
  formatSession(q, s.session);
  if (s.step > 0) q.set('step', String(s.step));
  if (s.packet !== undefined) q.set('pkt', String(s.packet));
  q.set('lang', s.lang);
  if (s.present) q.set('present', '1');
  return `?${q.toString()}`;
}

/** Every dependence with its short code, for pickers. */
export const DEPENDENCE_OPTIONS: readonly Dependence[] = DEPENDENCES;
/** Every port assignment, for pickers. */
export const ASSIGNMENT_OPTIONS: readonly PortAssignment[] = ASSIGNMENTS;
