/**
 * What the hub does with each message: the connections (new, then an agent keyed by its room and
 * role, a reporter such as `punch --hub`, or a browser in a room), the token check, forwarding a
 * browser's step to its room's agent as `run` when it aims only at the lab's machines, fanning
 * every agent's and reporter's event out to its room's browsers (the Server's to every room),
 * pairing agents' sends with the rendezvous's arrivals (what the Server saw of each), and the
 * counts of what was refused and why (an agent's LAN claim that is not a LAN address among
 * them, as `bad-address`). Every message is parsed against src/protocol
 * first; a refusal is answered with a coded error and the connection stays usable. Nothing here
 * throws at a peer's input.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { LIMITS, PROTOCOL_VERSION } from '../../src/protocol/errors.ts';
import type { ErrorCode } from '../../src/protocol/errors.ts';
import type { LabEvent } from '../../src/protocol/events.ts';
import type { AgentRole, LabNode } from '../../src/protocol/fields.ts';
import { errorMessage, parseClientMessage } from '../../src/protocol/messages.ts';
import type {
  AgentInfo,
  ClientMessage,
  HubMessage,
  NcInfo,
  ServerInfo,
} from '../../src/protocol/messages.ts';
import type { Step } from '../../src/protocol/steps.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';
import { FanOut } from './fan-out.ts';
import { agentInfo, rememberSaw } from './agent-info.ts';
import { RateLimiter } from './rate-limit.ts';
import { busyProblem, finishStep, startStep } from './running-steps.ts';
import { DEFAULT_ROOM, Rooms } from './rooms.ts';
import { SawKeeper, SawMatcher } from './saw.ts';
import { targetProblem } from './targets.ts';
import { lanClaimProblem, lanScope } from '../../src/protocol/lan-scope.ts';
import { newPeer, noCounts, sameToken } from './peer.ts';
import type { HubCounts, Peer } from './peer.ts';

export type { HubCounts, Peer } from './peer.ts';

/** Options the registry needs from the hub. */
export interface RegistryOptions {
  readonly token?: string | undefined;
  readonly clock: () => number;
  readonly rate: number;
  readonly burst: number;
  readonly onChange?: (agents: readonly AgentInfo[]) => void;
  /** The lab's Server: where steps may send besides the room's agents, told in `welcome`. */
  readonly server?: ServerInfo | undefined;
}

/** The hub's connections and routing. */
export class HubRegistry {
  readonly rooms = new Rooms<Peer>();
  readonly counts: HubCounts = noCounts();

  private readonly fanOut = new FanOut();
  /** Pairs agents' sends to the rendezvous with what it saw arrive. */
  private readonly saw = new SawMatcher<Peer>((peer, local, seen) => {
    if (peer.kind !== 'agent' || !rememberSaw(peer.saw, { local, seen })) return;
    this.agentsChanged(peer.room);
  });

  /** What the Server saw of agents that left, for their return. */
  private readonly kept = new SawKeeper();

  constructor(private readonly o: RegistryOptions) {}

  /** A new connection (`socket`: the TCP socket under it, which fan-outs cork). */
  add(ws: WebSocket, socket?: Socket): Peer {
    this.counts.connections++;
    const limiter = new RateLimiter({ rate: this.o.rate, burst: this.o.burst });
    return newPeer(ws, socket, DEFAULT_ROOM, this.o.clock(), limiter);
  }

  /** A closed connection: an agent frees its role (unless replaced), a browser unsubscribes. */
  remove(peer: Peer): void {
    this.rooms.deleteBrowser(peer);
    this.saw.forget(peer);
    if (peer.kind === 'agent' && peer.role && this.rooms.deleteAgent(peer.role, peer)) {
      this.kept.keep(peer);
      this.agentsChanged(peer.room);
    }
  }

  /** Sends one message; a closed or failing socket is left to its close handler. */
  send(peer: Peer, message: HubMessage | string): void {
    if (peer.ws.readyState !== peer.ws.OPEN) return;
    try {
      peer.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    } catch {
      // the close handler cleans up
    }
  }

  /** Answers with an error and counts it. */
  refuse(peer: Peer, code: ErrorCode, detail?: string, id?: string): void {
    this.count(code);
    this.send(peer, errorMessage(code, detail, id));
  }

  count(code: ErrorCode | 'origin'): void {
    this.counts.refused[code] = (this.counts.refused[code] ?? 0) + 1;
  }

  /** One received frame. */
  receive(peer: Peer, data: Buffer, isBinary: boolean): void {
    this.counts.messages++;
    if (!peer.limiter.take()) {
      this.count('rate-limited');
      if (peer.limiter.shouldWarn()) {
        this.send(peer, errorMessage('rate-limited', `at most ${this.o.rate} messages/s`));
      }
      return;
    }
    if (isBinary) return this.refuse(peer, 'bad-message', 'send JSON in text frames');
    if (data.length > LIMITS.maxMessageBytes) {
      return this.refuse(peer, 'too-large', `${data.length} bytes`);
    }
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok) {
      this.count(parsed.error.code);
      return this.send(peer, parsed.error);
    }
    this.handle(peer, parsed.message);
  }

  private handle(peer: Peer, m: ClientMessage): void {
    if (m.type === 'ping') return this.send(peer, pong(m.id, this.o.clock()));
    if (m.type === 'hello') return this.hello(peer, m.protocol, m.token, m.room ?? DEFAULT_ROOM);
    if (peer.kind === 'new') return this.refuse(peer, 'not-authenticated');
    switch (m.type) {
      case 'register':
        if (peer.kind === 'browser')
          return this.refuse(peer, 'not-allowed', 'a browser cannot register');
        if (peer.kind === 'reporter')
          return this.refuse(peer, 'not-allowed', 'a reporter cannot register');
        return this.register(peer, m.role, m.nc, m.host, m.addresses);
      case 'report':
        if (peer.kind !== 'authed' && peer.kind !== 'reporter')
          return this.refuse(peer, 'not-allowed', 'only a new connection may report');
        if (peer.kind === 'authed') peer.limiter = this.agentLimiter();
        peer.kind = 'reporter';
        peer.role = m.role;
        return this.send(peer, { type: 'registered', role: m.role });
      case 'subscribe':
        if (peer.kind === 'agent' || peer.kind === 'reporter')
          return this.refuse(peer, 'not-allowed', 'an agent cannot subscribe');
        peer.kind = 'browser';
        this.rooms.addBrowser(peer);
        return this.send(peer, { type: 'agents', agents: this.agentList(peer.room) });
      case 'step':
        if (peer.kind !== 'browser')
          return this.refuse(peer, 'not-allowed', 'subscribe first', m.id);
        return this.forward(peer, m.id, m.step);
      case 'event':
        if (peer.kind !== 'agent' && peer.kind !== 'reporter')
          return this.refuse(peer, 'not-allowed', 'register first');
        return this.agentEvent(peer, m.event, m.request);
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private hello(peer: Peer, protocol: number, token: string | undefined, room: string): void {
    if (protocol !== PROTOCOL_VERSION) return this.refuse(peer, 'bad-protocol', `not ${protocol}`);
    if (room !== peer.room && (peer.kind === 'agent' || peer.kind === 'browser')) {
      return this.refuse(peer, 'not-allowed', 'a connection stays in the room it joined');
    }
    if (this.o.token !== undefined && !sameToken(token ?? '', this.o.token)) {
      peer.badTokens++;
      this.refuse(peer, 'unauthorized', token === undefined ? 'this hub needs a token' : undefined);
      if (peer.badTokens >= LIMITS.maxBadTokens) peer.ws.close(4401, 'too many wrong tokens');
      return;
    }
    if (peer.kind === 'new') peer.kind = 'authed';
    peer.room = room;
    this.send(peer, {
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      clock: this.o.clock(),
      maxMessageBytes: LIMITS.maxMessageBytes,
      ...(this.o.server ? { server: this.o.server } : {}),
    });
  }

  private register(
    peer: Peer,
    role: AgentRole,
    nc: NcInfo,
    host: string | undefined,
    lan: readonly string[] | undefined,
  ): void {
    const fromLoopback = lanScope(peer.remoteIp ?? '') === 'loopback';
    const claim = (lan ?? []).map((ip) => lanClaimProblem(ip, fromLoopback)).find(Boolean);
    if (claim) return this.refuse(peer, 'bad-address', `addresses: ${claim}`);
    const old = this.rooms.agent(peer.room, role);
    if (old && old !== peer) {
      this.send(old, errorMessage('replaced', `a new ${role} agent connected`));
      old.ws.close(4000, 'replaced');
    }
    if (peer.role && peer.role !== role) this.rooms.deleteAgent(peer.role, peer);
    if (peer.kind !== 'agent') peer.limiter = this.agentLimiter();
    const saw = this.kept.take(peer.room, role, peer.remoteIp) ?? peer.saw;
    Object.assign(peer, { kind: 'agent', role, nc, host, lan, saw, since: this.o.clock() });
    this.rooms.setAgent(role, peer);
    this.send(peer, { type: 'registered', role });
    this.agentsChanged(peer.room);
  }

  /** An agent (or reporter) streams events: a larger allowance than a browser's. */
  private agentLimiter(): RateLimiter {
    const f = LIMITS.agentRateFactor;
    return new RateLimiter({ rate: this.o.rate * f, burst: this.o.burst * f });
  }

  private forward(browser: Peer, id: string, step: Step): void {
    const agent = this.rooms.agent(browser.room, step.from);
    if (!agent) return this.refuse(browser, 'no-agent', step.from, id);
    const problem = targetProblem(
      step,
      this.o.server?.ips ?? [],
      this.rooms.agentsIn(browser.room),
    );
    if (problem) return this.refuse(browser, 'bad-step', problem, id);
    const now = this.o.clock();
    const busy = busyProblem(agent, now);
    if (busy) return this.refuse(browser, 'busy', busy, id);
    startStep(agent, id, now);
    this.counts.stepsForwarded++;
    this.send(agent, { type: 'run', id, step });
    this.send(browser, { type: 'accepted', id, role: step.from });
  }

  private agentEvent(agent: Peer, event: LabEvent, request: string | undefined): void {
    const node = 'node' in event ? event.node : event.actor;
    if (node !== agent.role) {
      return this.refuse(
        agent,
        'bad-event',
        `an agent registered as ${agent.role} reported ${node}`,
      );
    }
    this.counts.eventsIn++;
    const rendezvous = this.o.server?.rendezvous;
    if (agent.kind === 'agent' && event.type === 'sent' && event.packet.dst.port === rendezvous) {
      const { src, dst, payload } = event.packet;
      if (this.o.server?.ips.includes(dst.ip))
        this.saw.sent(agent, src.port, payload, this.o.clock());
    }
    if (event.type === 'observed' && event.kind === 'step-done' && event.request) {
      finishStep(agent, event.request);
    }
    this.publish(agent.role!, event, request, agent.room);
  }

  /** A datagram reached the Server's rendezvous from `from` (payload as hex). */
  rendezvousArrived(from: Endpoint, payload: string): void {
    this.saw.arrived(from, payload, this.o.clock());
  }

  /**
   * Sends an event to the browsers of `room` (of every room: the Server's own events), serialized
   * and encoded once, the same Buffer to each.
   */
  publish(from: LabNode, event: LabEvent, request?: string, room?: string): void {
    const inRoom = room === undefined ? undefined : this.rooms.browsersIn(room);
    if ((inRoom?.size ?? this.rooms.browserCount) === 0) return;
    const message: HubMessage =
      request === undefined
        ? { type: 'event', from, event }
        : { type: 'event', from, request, event };
    const { sent, skipped } = this.fanOut.send(
      inRoom ?? this.rooms.allBrowsers(),
      FanOut.encode(message),
    );
    this.counts.eventsOut += sent;
    this.counts.slowSkips += skipped;
  }

  /** The connected agents of one room (of every room), as browsers see them. */
  agentList(room?: string): AgentInfo[] {
    return this.rooms.agentsIn(room).map((p) => agentInfo(p, DEFAULT_ROOM));
  }

  private agentsChanged(room: string): void {
    const agents = this.agentList(room);
    const frame = FanOut.encode({ type: 'agents', agents } satisfies HubMessage);
    this.fanOut.send(this.rooms.browsersIn(room), frame, false);
    this.o.onChange?.(this.agentList());
  }
}

function pong(id: string | undefined, clock: number): HubMessage {
  return id === undefined ? { type: 'pong', clock } : { type: 'pong', id, clock };
}
