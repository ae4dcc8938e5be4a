/**
 * Whether the prediction can be drawn in a real run's own addresses: the model runs the block
 * (its scripted steps up to `stopAfter`, then the run's lines, one a second) once with the
 * lesson's addresses and once renamed; the rename is kept only when the two stories are the
 * same event for event, addresses aside (same hops, rewrites, ports, drops and reasons), and no
 * two roles share an address. A program that knows an address by heart (pystun's STUN server is
 * the model's Server) would tell another story: then the plan is tried without the Server, and
 * else not at all.
 */
import type { NatSpec } from '../model/topology.ts';
import type { TraceEvent } from '../model/trace.ts';
import { buildScenario, commandsFor } from './catalog.ts';
import { distinct, renameScenario, renameText } from './run-addresses.ts';
import { Timeline } from './timeline.ts';
import { sessionScenario } from './typed.ts';

/** The block a prediction is recorded from (a saved run's setup and lines). */
export interface PredictionBlock {
  readonly setup: {
    readonly scenario: string;
    readonly nat: Readonly<Record<string, string>>;
    readonly seed?: number | undefined;
    readonly stopAfter?: number | undefined;
  };
  readonly lines: readonly { readonly actor: string; readonly command: string }[];
}

/** The events of the block's run with addresses renamed by `map` (none: the lesson's). */
export function story(
  block: PredictionBlock,
  map: ReadonlyMap<string, string>,
): readonly TraceEvent[] {
  const { setup } = block;
  const nat = setup.nat as Readonly<Record<string, NatSpec>>;
  const full = buildScenario(setup.scenario, nat);
  const kept = setup.stopAfter === undefined ? full.steps : full.steps.slice(0, setup.stopAfter);
  const start = Math.max(0, ...kept.map((s) => s.at)) + 1000;
  // Typed lines stay in the lesson's addresses, as a simulator's session keeps them: the
  // scenario with them is renamed once.
  const typed = block.lines.map((l, k) => ({
    actor: l.actor,
    at: start + 1000 * k,
    line: l.command,
  }));
  const scenario = renameScenario(
    sessionScenario(full, { typed, stopAfter: setup.stopAfter }),
    map,
  );
  const commands = commandsFor(setup.scenario);
  return Timeline.record(scenario, {
    nat,
    ...(setup.seed === undefined ? {} : { seed: setup.seed }),
    ...(commands ? { commands } : {}),
  }).events;
}

/**
 * An event as text with addresses renamed, payload bytes left out (a STUN body encodes them) and
 * spaces collapsed (`ss` pads its columns to the addresses' widths).
 */
export function shape(e: TraceEvent, map: ReadonlyMap<string, string>): string {
  return JSON.stringify(e, (_k, v: unknown) =>
    v instanceof Uint8Array
      ? undefined
      : typeof v === 'string'
        ? renameText(v, map).replace(/ +/g, ' ')
        : v,
  );
}

/** Whether the block tells the same story renamed by `map` as with the lesson's addresses. */
export function sameStory(block: PredictionBlock, map: ReadonlyMap<string, string>): boolean {
  try {
    const full = buildScenario(block.setup.scenario, block.setup.nat as Record<string, NatSpec>);
    if (!distinct(full.topology, map)) return false; // two roles at one address
    const before = story(block, new Map());
    const after = story(block, map);
    return (
      before.length === after.length &&
      before.every((e, i) => shape(e, map) === shape(after[i] as TraceEvent, new Map()))
    );
  } catch {
    return false; // a renamed topology the model refuses: keep the lesson's addresses
  }
}

/**
 * The rename the prediction can take: `map` if the block tells the same story with it, else
 * `map` without the Server's addresses if that does, else none.
 */
export function predictionRename(
  block: PredictionBlock,
  map: ReadonlyMap<string, string>,
  serverIps: readonly string[],
): ReadonlyMap<string, string> {
  if (!map.size) return map;
  if (sameStory(block, map)) return map;
  const noServer = new Map([...map].filter(([k]) => !serverIps.includes(k)));
  if (noServer.size && noServer.size < map.size && sameStory(block, noServer)) return noServer;
  return new Map();
}
