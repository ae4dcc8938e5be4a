/**
 * One hub, many labs: which agents and browsers are in which room. A room is a pair's lab (the
 * id a client names in its hello; none is the default room, so a one-pair class needs none);
 * agents are keyed by room and role, so every pair of a class can have its own alice and bob, and
 * a browser sees and drives only its room's agents and receives only their events.
 */
import type { AgentRole } from '../../src/protocol/fields.ts';

/** The room of a client whose hello named none. */
export const DEFAULT_ROOM = '';

/** What the rooms need of a connection. */
export interface InRoom {
  readonly room: string;
}

const NONE: ReadonlySet<never> = new Set();

/** Agents by room and role, browsers by room. */
export class Rooms<P extends InRoom> {
  private readonly agents = new Map<string, Map<AgentRole, P>>();
  private readonly browsers = new Map<string, Set<P>>();
  private browserTotal = 0;

  /** The agent playing `role` in `room`, if any. */
  agent(room: string, role: AgentRole): P | undefined {
    return this.agents.get(room)?.get(role);
  }

  setAgent(role: AgentRole, peer: P): void {
    let roles = this.agents.get(peer.room);
    if (!roles) this.agents.set(peer.room, (roles = new Map()));
    roles.set(role, peer);
  }

  /** Frees `role` in the peer's room if the peer holds it; true when it did. */
  deleteAgent(role: AgentRole, peer: P): boolean {
    const roles = this.agents.get(peer.room);
    if (roles?.get(role) !== peer) return false;
    roles.delete(role);
    if (roles.size === 0) this.agents.delete(peer.room);
    return true;
  }

  /** The agents of one room, or of every room. */
  agentsIn(room?: string): P[] {
    if (room !== undefined) return [...(this.agents.get(room)?.values() ?? [])];
    return [...this.agents.values()].flatMap((roles) => [...roles.values()]);
  }

  addBrowser(peer: P): void {
    let set = this.browsers.get(peer.room);
    if (!set) this.browsers.set(peer.room, (set = new Set()));
    if (set.has(peer)) return;
    set.add(peer);
    this.browserTotal++;
  }

  deleteBrowser(peer: P): void {
    const set = this.browsers.get(peer.room);
    if (!set?.delete(peer)) return;
    this.browserTotal--;
    if (set.size === 0) this.browsers.delete(peer.room);
  }

  /** The browsers of one room. */
  browsersIn(room: string): ReadonlySet<P> {
    return this.browsers.get(room) ?? NONE;
  }

  /** Every browser of every room. */
  *allBrowsers(): Iterable<P> {
    for (const set of this.browsers.values()) yield* set;
  }

  get browserCount(): number {
    return this.browserTotal;
  }
}
