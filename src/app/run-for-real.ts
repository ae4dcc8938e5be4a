/**
 * "Run for real": a terminal block's lines as lab steps, run one after the other on the hub's
 * agents, their events recorded into a LabRun. Every line is mapped first; if one cannot be
 * expressed nothing runs. The Server's lines are skipped (the lab's server is the Server). Each
 * step waits for its end (a send) or for its socket to listen (nc-listen), at most a few seconds.
 */
import type { TopologySpec } from '../model/topology.ts';
import type { Step } from '../protocol/steps.ts';
import type { LabRunEvent } from '../protocol/lab-run.ts';
import type { HubClient } from './hub-client.ts';
import { addressBook, lineToStep } from './lab-steps.ts';
import type { RealAddresses, RealMachine, Refusal } from './lab-steps.ts';
import type { AgentRole } from '../protocol/fields.ts';
import type { AgentInfo, ServerInfo } from '../protocol/messages.ts';
import type { LabRun, RunLine } from './lab-run.ts';
import type { SentText } from './lab-diff.ts';

/** How long one step may take to start listening or to finish before the next one goes. */
const STEP_WAIT_MS = 5000;
/** How long a listening step runs (s). */
export const LISTEN_SECONDS = 15;

/** The lines as steps, or the refusals; server lines counted apart. */
export interface Plan {
  readonly steps: readonly Step[];
  readonly refusals: readonly Refusal[];
  readonly skipped: number;
  readonly sent: readonly SentText[];
}

/** What the hub told about the lab: its Server (welcome) and its agents with their addresses. */
export interface LabKnown {
  readonly server?: ServerInfo | undefined;
  readonly agents?: readonly AgentInfo[];
}

/**
 * The real addresses of the lab: the Server's (the hub URL's host when it is one of the
 * Server's addresses the hub names, else the first of them);
 * each agent's LAN and public addresses and what the Server saw of it, as the hub lists them;
 * with neither, on loopback, every peer at the hub's own address.
 */
export function realAddresses(hubUrl: string, known: LabKnown = {}): RealAddresses {
  let host = '';
  try {
    host = new URL(hubUrl).hostname;
  } catch {
    return {};
  }
  const ipv4 = /^\d+\.\d+\.\d+\.\d+$/.test(host);
  const ips = known.server?.ips ?? [];
  const server = ipv4 && (ips.length === 0 || ips.includes(host)) ? host : ips[0];
  if (server === undefined) return {};
  const machines: Partial<Record<AgentRole, RealMachine>> = {};
  for (const a of known.agents ?? []) {
    if (a.lan || a.public || a.saw)
      machines[a.role] = { lan: a.lan?.[0], public: a.public, saw: a.saw };
  }
  return {
    server,
    ...(ipv4 && host.startsWith('127.') ? { alice: host, bob: host } : {}),
    ...(Object.keys(machines).length ? { machines } : {}),
    ...(known.server?.rendezvous === undefined ? {} : { rendezvous: known.server.rendezvous }),
  };
}

/** Maps every line of a block. */
export function planLines(
  lines: readonly RunLine[],
  topology: TopologySpec,
  real: RealAddresses,
): Plan {
  const book = addressBook(topology, real);
  const steps: Step[] = [];
  const refusals: Refusal[] = [];
  const sent: SentText[] = [];
  let skipped = 0;
  for (const l of lines) {
    if (l.actor === 'server') {
      skipped++;
      continue;
    }
    const r = lineToStep(l, book, LISTEN_SECONDS);
    if ('refusal' in r) refusals.push(r.refusal);
    else {
      steps.push(r.step);
      if (r.step.template === 'nc-send') sent.push({ from: r.step.from, text: r.step.text });
    }
  }
  return { steps, refusals, skipped, sent };
}

/** Runs `steps` in order on `client`, recording into `run`; `progress` after each. */
export async function runSteps(
  client: HubClient,
  steps: readonly Step[],
  run: LabRun,
  progress: (done: number) => void,
): Promise<void> {
  const record = (e: Event): void => {
    run.add((e as CustomEvent<LabRunEvent>).detail);
    progress(-1);
  };
  client.addEventListener('event', record);
  try {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      const id = client.step(step);
      if (id === undefined) break;
      run.started(id);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, STEP_WAIT_MS);
        function done(): void {
          clearTimeout(timer);
          client.removeEventListener('event', check);
          resolve();
        }
        function check(e: Event): void {
          const { request, event } = (e as CustomEvent<LabRunEvent>).detail;
          if (request !== id || event.type !== 'observed') return;
          if (event.kind === 'step-done') done();
          else if (event.kind === 'listening' && step.template === 'nc-listen') done();
        }
        client.addEventListener('event', check);
      });
      progress(i + 1);
    }
  } finally {
    // Late events (a listener printing) keep arriving: stop recording only when asked.
    setTimeout(() => client.removeEventListener('event', record), LISTEN_SECONDS * 1000 + 2000);
  }
}
