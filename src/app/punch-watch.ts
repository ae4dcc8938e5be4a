/**
 * The punches `agujero punch --hub` streams into the lab, as the Connect panel lists them: for
 * each role, its latest punch (the request id the punch chose, `punch-ROLE-...`), the phase it
 * reached and how many datagrams it sent and received. Fed the hub client's events; events of
 * steps and of the Server are ignored.
 */
import type { LabRunEvent } from '../protocol/lab-run.ts';

/** Phases a punch reports (the peer machine's). */
export const PUNCH_PHASES = [
  'registering',
  'waiting',
  'punching',
  'connected',
  'closing',
  'done',
  'failed',
] as const;
export type PunchPhase = (typeof PUNCH_PHASES)[number];

/** One role's latest punch. */
export interface WatchedPunch {
  readonly role: string;
  readonly request: string;
  phase: PunchPhase | undefined;
  sent: number;
  received: number;
}

/** The latest punch of each role. */
export class PunchWatch {
  private readonly byRole = new Map<string, WatchedPunch>();

  /** Takes one event; true when it changed what is shown. */
  add(e: LabRunEvent): boolean {
    const request = e.request;
    if (e.from === 'server' || !request?.startsWith('punch-')) return false;
    let p = this.byRole.get(e.from);
    if (p?.request !== request) {
      p = { role: e.from, request, phase: undefined, sent: 0, received: 0 };
      this.byRole.set(e.from, p);
    }
    const ev = e.event;
    if (ev.type === 'sent') p.sent++;
    else if (ev.type === 'delivered') p.received++;
    else if (ev.type === 'observed' && ev.kind === 'phase') {
      if ((PUNCH_PHASES as readonly string[]).includes(ev.text ?? ''))
        p.phase = ev.text as PunchPhase;
    } else return false;
    return true;
  }

  /** The punches, alice first. */
  list(): readonly WatchedPunch[] {
    return [...this.byRole.values()].sort((a, b) => a.role.localeCompare(b.role));
  }

  clear(): void {
    this.byRole.clear();
  }
}
