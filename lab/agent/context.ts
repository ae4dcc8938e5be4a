/**
 * What a running step is given: who it runs as, the hub's clock, packet ids, where its events go
 * (capped per step, so a flood of datagrams at a listener cannot flood the hub), and the signal
 * that stops it. Also the local address the kernel would send from toward a peer.
 */
import { createSocket } from 'node:dgram';
import type { Endpoint } from '../../src/model/endpoint.ts';
import type { LabEvent } from '../../src/protocol/events.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import type { NcInfo } from '../../src/protocol/messages.ts';

/** Events one step may report; past this it reports how many it left out. */
export const MAX_STEP_EVENTS = 1000;

/** A step's surroundings. */
export interface StepContext {
  readonly role: AgentRole;
  readonly nc: NcInfo;
  /** Ms on the hub's clock. */
  t(): number;
  nextPacketId(): number;
  emit(event: LabEvent): void;
  readonly signal: AbortSignal;
}

/** How a step ended. */
export interface StepResult {
  readonly ok: boolean;
  /** The program's exit code, null when it was stopped or was the built-in. */
  readonly code: number | null;
  readonly reason?: string;
}

/** Wraps `emit` so a step reports at most `max` events, then one line saying what was left out. */
export function cappedEmit(
  emit: (e: LabEvent) => void,
  role: AgentRole,
  t: () => number,
  max = MAX_STEP_EVENTS,
): (e: LabEvent) => void {
  let n = 0;
  return (e) => {
    n++;
    if (n <= max) return emit(e);
    if (n === max + 1) {
      emit({
        type: 'output',
        t: t(),
        actor: role,
        stream: 'stderr',
        text: `(agent: more than ${max} events in this step; the rest are not reported)`,
      });
    }
  };
}

/** The source address the kernel picks toward `peer` (a UDP connect sends nothing). */
export function localIpToward(peer: Endpoint): Promise<string> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const done = (ip: string): void => {
      s.close();
      resolve(ip);
    };
    s.on('error', () => done('0.0.0.0'));
    s.connect(peer.port, peer.ip, () => {
      try {
        done(s.address().address);
      } catch {
        done('0.0.0.0');
      }
    });
  });
}
