/**
 * The model-answered questions of predict blocks: `ask` is run, never written by hand.
 *
 *   goal:GOAL_ID                    yes | no          the block's run reaches the goal
 *   saw:OBSERVER.SENDER.port|ip     a port / an IP    what OBSERVER last saw SENDER's packets come from
 *   fate:TEXT                       delivered | NODE  where the last packet holding TEXT ended
 *   verdict:BOB/ALICE               direct | fails | port-prediction | relay (outcome matrix)
 *   stun:PRESET                     pystun's "NAT Type" for Bob behind PRESET (walkthrough-stun)
 *
 * Each answer comes with the trace of the run(s) behind it, for the explanation check.
 */
import { buildScenario, isPresetId, variantId } from '../app/catalog.ts';
import { matrixCell, payloadText, ScenarioRun, sawKey } from '../model/index.ts';
import type { TraceEvent } from '../model/index.ts';
import { runnable, SetupError } from './setup.ts';
import type { Setup } from './types.ts';

/** The model's answer to a question, and the events it was read from. */
export interface Answer {
  readonly value: string;
  readonly trace: readonly TraceEvent[];
}

/** The most events a question's run may take. */
const MAX_EVENTS = 200_000;

/** Runs a setup to its end. */
function run(setup: Setup): ScenarioRun {
  const r = runnable(setup);
  const sr = new ScenarioRun(r.scenario, { ...r.options, maxEvents: MAX_EVENTS, keepEvents: MAX_EVENTS });
  sr.runToEnd();
  return sr;
}

function goal(setup: Setup, id: string): Answer {
  const r = run(setup);
  const o = r.outcomes().find((x) => x.goal.id === id);
  if (!o) {
    const known = r.scenario.goals?.map((g) => g.id).join(', ') || 'none';
    throw new SetupError(`ask=goal:${id}: scenario "${setup.scenario}" has no goal "${id}" (goals: ${known})`);
  }
  return { value: o.reached ? 'yes' : 'no', trace: r.events };
}

function saw(setup: Setup, what: string): Answer {
  const m = /^([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.(port|ip)$/.exec(what);
  if (!m) throw new SetupError(`ask=saw:${what}: expected saw:OBSERVER.SENDER.port or .ip`);
  const r = run(setup);
  const value = r.observations[sawKey(m[1] as string, m[2] as string, m[3] as 'port' | 'ip')];
  if (value === undefined)
    throw new SetupError(`ask=saw:${what}: in this run ${m[1]} never receives a packet from ${m[2]}`);
  return { value, trace: r.events };
}

function fate(setup: Setup, text: string): Answer {
  const r = run(setup);
  const events = r.events;
  const sent = events.findLast((e) => e.type === 'sent' && payloadText(e.packet.payload).includes(text));
  if (!sent || sent.type !== 'sent')
    throw new SetupError(`ask=fate:${text}: no packet holding "${text}" is sent in this run`);
  const end = events.find(
    (e): e is Extract<TraceEvent, { type: 'delivered' | 'dropped' }> =>
      (e.type === 'delivered' || e.type === 'dropped') && e.packet.id === sent.packet.id,
  );
  if (!end) throw new SetupError(`ask=fate:${text}: the packet is still in flight when the run ends`);
  return { value: end.type === 'delivered' ? 'delivered' : end.node, trace: events };
}

function verdict(setup: Setup, pair: string): Answer {
  const [bob, alice, ...rest] = pair.split('/');
  if (!bob || !alice || rest.length || !isPresetId(bob) || !isPresetId(alice))
    throw new SetupError(`ask=verdict:${pair}: expected verdict:BOB_PRESET/ALICE_PRESET (preset ids)`);
  const cell = matrixCell(bob, alice, setup.seed);
  const nat = { 'bob-nat': bob, 'alice-nat': alice };
  const trace = [...run({ scenario: 'walkthrough', nat, seed: setup.seed }).events];
  if (cell.worked) {
    const id = variantId(cell.worked, cell.predicted ?? false);
    const sr = new ScenarioRun(buildScenario(id, nat), { nat, maxEvents: MAX_EVENTS });
    trace.push(...sr.runToEnd());
  }
  return { value: cell.verdict, trace };
}

function stun(setup: Setup, presetId: string): Answer {
  if (!isPresetId(presetId))
    throw new SetupError(`ask=stun:${presetId}: unknown NAT preset "${presetId}"`);
  const r = run({ scenario: 'walkthrough-stun', nat: { 'bob-nat': presetId }, seed: setup.seed });
  const out = r.terminal('bob').map((l) => l.text).join('\n');
  const m = /NAT Type: ([^\n]+)/.exec(out);
  if (!m) throw new SetupError(`ask=stun:${presetId}: pystun printed no NAT Type`);
  return { value: (m[1] as string).trim(), trace: r.events };
}

/** Answers `ask` for a block's setup; throws a SetupError when the question cannot be asked. */
export function answer(setup: Setup, ask: string): Answer {
  const colon = ask.indexOf(':');
  const kind = ask.slice(0, colon);
  const what = ask.slice(colon + 1);
  switch (kind) {
    case 'goal':
      return goal(setup, what);
    case 'saw':
      return saw(setup, what);
    case 'fate':
      return fate(setup, what);
    case 'verdict':
      return verdict(setup, what);
    case 'stun':
      return stun(setup, what);
    default:
      throw new SetupError(`ask="${ask}": the questions are goal:, saw:, fate:, verdict:, stun:`);
  }
}
