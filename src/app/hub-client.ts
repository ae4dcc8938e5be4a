/**
 * The browser's connection to a lab hub: says hello with the token, subscribes, keeps the list of
 * connected agents (alice, bob and their nc), sends step requests and hands every event to its
 * listeners. Every message received passes src/protocol's schema first (a bad one is counted and
 * ignored); after a drop it reconnects with backoff, except when the hub refused the token or
 * speaks another protocol version.
 * One client is shared by the page (`labHub`); elements listen to its `change` and `event`.
 *
 *   lab-connect ──connect(url, token)──► HubClient ──ws──► hub ──run──► agent
 *   lesson-terminal ◄──event── HubClient ◄──event── hub ◄──event── agent
 */
import { PROTOCOL_VERSION } from '../protocol/errors.ts';
import { parseHubMessage } from '../protocol/messages.ts';
import type { AgentInfo, ClientMessage, HubMessage, ServerInfo } from '../protocol/messages.ts';
import type { LabRunEvent } from '../protocol/lab-run.ts';
import { ROOM_NAME } from '../protocol/fields.ts';
import type { AgentRole } from '../protocol/fields.ts';
import type { Step } from '../protocol/steps.ts';

/** Where the connection stands. */
export type HubStatus =
  'idle' | 'connecting' | 'connected' | 'retrying' | 'unreachable' | 'refused';

/** The hub, token and room (none: the default room) the reader gave. */
export interface HubTarget {
  readonly url: string;
  readonly token: string;
  readonly room?: string;
}

/** Whether `room` is a room name the hub accepts (1-32 letters, digits, dashes). */
export function isRoom(room: string): boolean {
  return ROOM_NAME.test(room);
}

/** Whether `url` is a ws:// or wss:// URL. */
export function isHubUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'ws:' || u.protocol === 'wss:';
  } catch {
    return false;
  }
}

/** A connection to a hub, shared by the page. */
export class HubClient extends EventTarget {
  status: HubStatus = 'idle';
  agents: readonly AgentInfo[] = [];
  /** The lab's Server as the hub's welcome named it (its addresses, the rendezvous port). */
  server: ServerInfo | undefined;
  /** The hub's last error sentence (a refused step, a wrong token). */
  lastError = '';
  /** Messages from the hub that failed the schema. */
  refused = 0;
  target: HubTarget | undefined;
  private ws: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = 500;
  private seq = 0;
  /** Whether the hub has welcomed this target once: a drop after is "lost", before "unreachable". */
  private welcomed = false;

  /** Connects (or reconnects) to `target`; drops any previous connection. */
  connect(target: HubTarget): void {
    this.disconnect();
    this.target = target;
    this.delay = 500;
    this.welcomed = false;
    this.open();
  }

  /** Closes the connection; no reconnection after. */
  disconnect(): void {
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close(1000, 'browser leaving');
    this.target = undefined;
    this.agents = [];
    this.set('idle');
  }

  /** The agent for `role`, if connected. */
  agent(role: string): AgentInfo | undefined {
    return this.agents.find((a) => a.role === role);
  }

  /** Asks the hub to run `step`; returns the request id, or undefined when not connected. */
  step(step: Step): string | undefined {
    if (this.status !== 'connected') return undefined;
    const id = `b${Date.now().toString(36)}-${++this.seq}`;
    this.send({ type: 'step', id, step });
    return id;
  }

  private open(): void {
    const target = this.target;
    if (!target) return;
    this.set('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(target.url);
    } catch (e) {
      this.lastError = (e as Error).message;
      return this.set('refused');
    }
    this.ws = ws;
    ws.onopen = () =>
      this.send({
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        token: target.token,
        ...(target.room ? { room: target.room } : {}),
      });
    ws.onmessage = (m) => {
      if (ws !== this.ws || typeof m.data !== 'string') return;
      const parsed = parseHubMessage(m.data);
      if (!parsed.ok) return void this.refused++;
      this.receive(parsed.message);
    };
    ws.onclose = (e) => {
      if (ws !== this.ws) return;
      this.ws = undefined;
      this.agents = [];
      if (e.code === 4401 || this.status === 'refused') return this.set('refused');
      // A browser is not told why a WebSocket failed (no HTTP status): before any welcome, the
      // reader is asked to check the address; both keep trying with backoff.
      this.set(this.welcomed ? 'retrying' : 'unreachable');
      this.timer = setTimeout(() => this.open(), this.delay);
      this.delay = Math.min(5000, this.delay * 2);
    };
  }

  private receive(m: HubMessage): void {
    switch (m.type) {
      case 'welcome':
        this.delay = 500;
        this.welcomed = true;
        this.server = m.server;
        this.send({ type: 'subscribe' });
        return;
      case 'agents':
        this.agents = m.agents;
        this.set('connected');
        return;
      case 'event': {
        const detail: LabRunEvent =
          m.request === undefined
            ? { from: m.from, event: m.event }
            : { from: m.from, request: m.request, event: m.event };
        this.dispatchEvent(new CustomEvent<LabRunEvent>('event', { detail }));
        return;
      }
      case 'error':
        this.lastError = m.message;
        // permanent: trying again would be refused the same way
        if (m.code === 'unauthorized' || m.code === 'bad-protocol') this.status = 'refused';
        this.dispatchEvent(new CustomEvent('hub-error', { detail: m }));
        this.changed();
        return;
      default:
        return;
    }
  }

  private send(m: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private set(status: HubStatus): void {
    this.status = status;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}

/** Whether the agent for `role` is connected to `client`. */
export function hasAgent(client: HubClient, role: string): role is AgentRole {
  return client.status === 'connected' && client.agent(role) !== undefined;
}

/** The page's hub connection. */
export const labHub = new HubClient();
