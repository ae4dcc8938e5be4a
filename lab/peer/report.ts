/**
 * `agujero punch --hub URL`: the punch streamed into the lab's hub as it happens, in the agents'
 * own schema, so a browser in the room watches it live: the command line first, then every
 * datagram the punch socket sends (`sent`) and receives (`delivered`), each phase of the peer
 * machine as the terminal line `punch` prints (`output`) and as a `phase` observation, and a
 * `step-done` with the outcome. It joins as a reporter (`report`): it takes no steps and does
 * not replace the room's agent for its role. Events go out only while connected.
 */
import type { PeerPhase } from '../../src/machines/peer.ts';
import { packetToWire } from '../../src/protocol/events.ts';
import type { LabEvent } from '../../src/protocol/events.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import { cappedEmit } from '../agent/context.ts';
import { openHubLink } from '../agent/hub-link.ts';
import type { PunchDatagram } from './punch.ts';

/** Where to report and as whom. */
export interface ReportOptions {
  readonly hub: string;
  readonly token?: string | undefined;
  readonly room?: string | undefined;
  readonly role: AgentRole;
  /** The command line to show (never with the token). */
  readonly command: string;
  /** How long to wait for the hub before giving up (ms). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** A connected report. */
export interface PunchReport {
  datagram(d: PunchDatagram): void;
  phase(p: PeerPhase, line: string): void;
  /** The punch ended: ok, or why not. */
  done(ok: boolean, reason?: string): void;
  /** Events sent so far. */
  sent(): number;
  stop(): Promise<void>;
}

/**
 * Connects and joins as `role`; resolves once the hub confirmed, rejects with a sentence when
 * the hub refused the token or could not be reached within `timeoutMs`.
 */
export async function startPunchReport(o: ReportOptions): Promise<PunchReport> {
  const timeoutMs = o.timeoutMs ?? 5000;
  const lines: string[] = [];
  const link = openHubLink({
    hub: o.hub,
    token: o.token,
    room: o.room,
    role: o.role,
    join: { type: 'report', role: o.role },
    log: (line) => {
      lines.push(line);
      o.log?.(line);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    link.joined.then(() => undefined),
    link.gaveUp,
    new Promise<string>((r) => {
      timer = setTimeout(
        () =>
          r(
            `the hub at ${o.hub} did not answer within ${timeoutMs / 1000} s (${lastProblem(lines) ?? 'nothing heard'})`,
          ),
        timeoutMs,
      );
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== undefined) {
    await link.stop();
    throw new Error(outcome);
  }
  const request = `punch-${o.role}-${Date.now().toString(36)}`;
  const role = o.role;
  let packetId = 0;
  let count = 0;
  // at most MAX_STEP_EVENTS, as for an agent's step: a flood at the punch socket cannot flood the hub
  const emit = cappedEmit(
    (event: LabEvent): void => {
      count++;
      link.send({ type: 'event', request, event });
    },
    role,
    link.t,
  );
  emit({ type: 'command', t: link.t(), actor: role, text: o.command, step: 0 });
  return {
    datagram: (d) => {
      const packet = packetToWire({ id: ++packetId, src: d.src, dst: d.dst, payload: d.bytes });
      const t = link.t();
      if (d.dir === 'sent') emit({ type: 'sent', t, node: role, packet });
      else emit({ type: 'delivered', t, node: role, packet, socket: d.dst });
    },
    phase: (p, line) => {
      const t = link.t();
      emit({ type: 'output', t, actor: role, stream: 'stdout', text: line.slice(0, 1000) });
      emit({ type: 'observed', t, node: role, kind: 'phase', text: p.phase, request });
    },
    done: (ok, reason) =>
      emit({
        type: 'observed',
        t: link.t(),
        node: role,
        kind: 'step-done',
        request,
        ok,
        code: null,
        ...(reason ? { text: reason.slice(0, 1000) } : {}),
      }),
    sent: () => count,
    stop: () => link.stop('punch done'),
  };
}

/** The last try's problem, without the link's "cannot reach the hub at URL: " and "; try N in T s". */
function lastProblem(lines: readonly string[]): string | undefined {
  return lines
    .at(-1)
    ?.replace(/^cannot reach the hub at \S+: /, '')
    .replace(/; try \d+ in [\d.]+ s$/, '');
}
