/**
 * A simulated run as a pcapng file for Wireshark: the model's writer (src/model/pcapng) with
 * each hop's comment worded as the simulator words its events, in the UI's language. Shared by
 * the simulator's download button and `agujero export`.
 */
import { ScenarioRun } from '../model/index.ts';
import type { NatSpec, Scenario, TraceEvent } from '../model/index.ts';
import { tracePcapng } from '../model/pcapng/index.ts';
import type { HopEvent } from '../model/pcapng/index.ts';
import type { Lang } from '../i18n/index.ts';
import { buildScenario, commandsFor, routersOf } from './catalog.ts';
import { narrate } from './narrate.ts';

/** The most events an export records (the simulator's own cap is lower). */
export const EXPORT_MAX_EVENTS = 1_000_000;

/** One hop event in the UI's words: the narration's sentence and its detail line. */
export function explainIn(lang: Lang): (e: HopEvent) => string {
  return (e) => {
    const n = narrate(lang, e);
    return n.detail ? `${n.title}: ${n.detail}` : n.title;
  };
}

/** The pcapng bytes of `events` (a whole run of `scenario`, in order), commented in `lang`. */
export function runPcapng(
  lang: Lang,
  scenario: Scenario,
  events: readonly TraceEvent[],
): Uint8Array {
  return tracePcapng(scenario.topology, events, {
    explain: explainIn(lang),
    application: `Agujero (scenario ${scenario.id})`,
  });
}

/** What to export: a catalog scenario, its routers' NATs by router id, a seed. */
export interface ExportRequest {
  readonly scenario: string;
  readonly nat?: Readonly<Record<string, NatSpec>>;
  readonly seed?: number;
  readonly lang?: Lang;
}

/** An exported run: the scenario as built, every event, and the file. */
export interface ExportedRun {
  readonly scenario: Scenario;
  readonly events: readonly TraceEvent[];
  readonly bytes: Uint8Array;
}

/** Runs catalog scenario `r.scenario` to its end, as the simulator would, and exports it. */
export function exportScenario(r: ExportRequest): ExportedRun {
  const scenario = buildScenario(r.scenario, r.nat);
  const routers = new Set(routersOf(scenario).map((x) => x.id));
  const nat = Object.fromEntries(Object.entries(r.nat ?? {}).filter(([k]) => routers.has(k)));
  const commands = commandsFor(r.scenario);
  const events: TraceEvent[] = [];
  const run = new ScenarioRun(scenario, {
    nat,
    maxEvents: EXPORT_MAX_EVENTS,
    keepEvents: 0,
    ...(r.seed === undefined ? {} : { seed: r.seed }),
    ...(commands ? { commands } : {}),
  });
  for (let e = run.step(); e; e = run.step()) events.push(e);
  return { scenario, events, bytes: runPcapng(r.lang ?? 'en', scenario, events) };
}

/** The file name a download or `agujero export` suggests: `agujero-walkthrough.pcapng`. */
export function pcapngFileName(scenarioId: string): string {
  return `agujero-${scenarioId}.pcapng`;
}
