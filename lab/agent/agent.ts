/**
 * The lab agent: connects out to the hub (so it works from behind a NAT) through a HubLink,
 * registers as alice or bob in its room with its own addresses (its LAN side, which the hub
 * lists beside the public one it sees), and runs each `run` it is sent, once the message has
 * passed the same schema the hub checks, streaming the step's events back. It reconnects when
 * the hub goes away, and gives up only on a wrong token or when another agent takes its role.
 */
import { hostname, networkInterfaces } from 'node:os';
import { LIMITS } from '../../src/protocol/errors.ts';
import type { LabEvent } from '../../src/protocol/events.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import { MAX_ADDRESSES } from '../../src/protocol/messages.ts';
import type { NcInfo } from '../../src/protocol/messages.ts';
import type { Step } from '../../src/protocol/steps.ts';
import { stepCommandLine } from '../../src/protocol/steps.ts';
import { lanClaimProblem } from '../../src/protocol/lan-scope.ts';
import { cappedEmit } from './context.ts';
import { openHubLink } from './hub-link.ts';
import { runStep } from './steps.ts';

/** How to run an agent. */
export interface AgentOptions {
  readonly hub: string;
  readonly token?: string;
  /** The lab's room on a hub shared by a class (none: the default room). */
  readonly room?: string;
  readonly role: AgentRole;
  /** Which nc to use (detected by the caller). */
  readonly nc: NcInfo;
  /** The addresses to report (default: this machine's LAN-side IPv4 addresses, ownAddresses). */
  readonly addresses?: readonly string[];
  /** Reconnection delays: first and largest (ms). */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** One line per thing worth telling the person running it. */
  readonly log?: (line: string) => void;
}

/** A running agent. */
export interface Agent {
  /** Resolves the first time the hub confirms the registration. */
  readonly registered: Promise<void>;
  /** Resolves when the agent gives up (wrong token, replaced) with the reason. */
  readonly gaveUp: Promise<string>;
  /** Steps started so far. */
  steps(): number;
  /** Stops every step and the connection; no reconnection after. */
  stop(): Promise<void>;
}

/**
 * This machine's own LAN-side IPv4 addresses (private, shared, link-local or documentation
 * ranges: the only ones the hub accepts as a LAN claim), loopback and public ones left out, at
 * most MAX_ADDRESSES.
 */
export function ownAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flat();
  const ips = all.flatMap((a) =>
    a && a.family === 'IPv4' && !a.internal && lanClaimProblem(a.address, false) === undefined
      ? [a.address]
      : [],
  );
  return [...new Set(ips)].slice(0, MAX_ADDRESSES);
}

/** Starts an agent; it keeps trying to reach the hub until stopped. */
export function startAgent(o: AgentOptions): Agent {
  const log = o.log ?? (() => undefined);
  const host =
    hostname()
      .replace(/[^\w.-]/g, '')
      .slice(0, 64) || undefined;
  const addresses = [...(o.addresses ?? ownAddresses())].slice(0, MAX_ADDRESSES);
  const running = new Set<AbortController>();
  let packetId = 0;
  let started = 0;

  const link = openHubLink({
    hub: o.hub,
    token: o.token,
    room: o.room,
    role: o.role,
    join: {
      type: 'register',
      role: o.role,
      nc: o.nc,
      ...(host ? { host } : {}),
      ...(addresses.length ? { addresses } : {}),
    },
    ...(o.retryMs === undefined ? {} : { retryMs: o.retryMs }),
    ...(o.maxRetryMs === undefined ? {} : { maxRetryMs: o.maxRetryMs }),
    log,
    onMessage: (m) => {
      if (m.type === 'registered') {
        const lan = addresses.length ? `, LAN ${addresses.join(' ')}` : '';
        log(`registered as ${m.role} (nc: ${o.nc.variant}${o.nc.keep ? ', -k' : ''})${lan}`);
      } else if (m.type === 'run') run(m.id, m.step);
    },
  });
  const t = link.t;
  const send = link.send;
  void link.gaveUp.then(() => {
    for (const a of running) a.abort();
  });

  function run(id: string, step: Step): void {
    if (running.size >= LIMITS.maxRunningSteps) {
      const e: LabEvent = {
        type: 'observed',
        t: t(),
        node: o.role,
        kind: 'step-done',
        request: id,
        ok: false,
        code: null,
        text: 'busy',
      };
      return send({ type: 'event', request: id, event: e });
    }
    const abort = new AbortController();
    running.add(abort);
    const index = started++;
    log(`run ${id}: ${stepCommandLine(step)}`);
    const emit = cappedEmit((event) => send({ type: 'event', request: id, event }), o.role, t);
    const ctx = {
      role: o.role,
      nc: o.nc,
      t,
      nextPacketId: () => ++packetId,
      emit,
      signal: abort.signal,
    };
    void runStep(ctx, id, index, step).then((r) => {
      running.delete(abort);
      log(`done ${id}: ${r.ok ? 'ok' : `failed (${r.reason ?? 'no reason'})`}`);
    });
  }

  return {
    registered: link.joined,
    gaveUp: link.gaveUp,
    steps: () => started,
    stop: () => link.stop('agent stopping'),
  };
}
