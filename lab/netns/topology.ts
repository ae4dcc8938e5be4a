/**
 * A built topology: the handle through which callers run commands in its namespaces, start and
 * stop processes there, reconfigure a router's NAT, read and flush conntrack, and tear it down.
 * Built by `buildTopology` (build.ts); every method only ever touches this topology's namespaces.
 */
import { NetnsError, commandFailed, invalid } from './errors.ts';
import { execIn } from './exec.ts';
import type { ExecOptions, ExecResult } from './exec.ts';
import { flushFlows, listUdpFlows, setUdpTimeouts } from './conntrack.ts';
import type { ConntrackEntry } from './conntrack.ts';
import { buildHome, configureHomeRouter, flushHomeState } from './home.ts';
import { checkRouterNat, routedSteps, routerSteps, stateFlushSteps } from './nat-recipes.ts';
import type { InputPolicy, RouterNat } from './nat-recipes.ts';
import { ADDRESSES, ROLES, ROUTER_OF, routedLanRoutes } from './plan.ts';
import type { Role, Side } from './plan.ts';
import { startIn } from './process.ts';
import type { ProcessHandle, StartOptions } from './process.ts';
import { destroyNamespace, forgetRun, registeredNamespaces } from './runs.ts';
import { udpSockets, waitForUdpSocket } from './sockets.ts';
import type { UdpSocket } from './sockets.ts';
import type { Endpoint } from '../../src/model/endpoint.ts';

/** A topology of six namespaces; see `buildTopology` for the picture. */
export class Topology {
  /** The run prefix, `agj-<pid>-<n>`, that starts every namespace name. */
  readonly prefix: string;
  /** The namespace name of each role. */
  readonly ns: Readonly<Record<Role, string>>;
  /** Every address of the topology. */
  readonly addr = ADDRESSES;
  private readonly nat: Record<Side, RouterNat>;
  private readonly handles = new Set<ProcessHandle>();
  /** The home host's namespace once addHome ran, and the home router's NAT once configured. */
  private homeNs: string | undefined;
  private homeNat: RouterNat | undefined;
  /** The sides whose router only routes (configureRouted), until configureRouter again. */
  private readonly routed = new Set<Side>();
  private tornDown = false;

  /** @internal Use `buildTopology`. */
  constructor(prefix: string, ns: Readonly<Record<Role, string>>, nat: Record<Side, RouterNat>) {
    this.prefix = prefix;
    this.ns = ns;
    this.nat = { ...nat };
  }

  /** The NAT configuration a side's router runs now. */
  natOf(side: Side): RouterNat {
    return this.nat[side];
  }

  /** True once `teardown` has run. */
  get isTornDown(): boolean {
    return this.tornDown;
  }

  /** The namespace name of `role`, checking the topology is still up. */
  nsOf(role: Role): string {
    if (this.tornDown) throw new NetnsError('torn-down', `topology ${this.prefix} is torn down`);
    if (!ROLES.includes(role)) throw invalid('role', role, ROLES.join(' | '));
    return this.ns[role];
  }

  /** Runs a fixed command inside `role`'s namespace to completion (timeout default 5 s). */
  async exec(role: Role, argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execIn(this.nsOf(role), argv, options);
  }

  /** Like `exec`, but rejects with "<argv> failed in <role>: ..." unless it exits 0. */
  async mustExec(
    role: Role,
    argv: readonly string[],
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    const r = await this.exec(role, argv, options);
    if (!r.ok) throw commandFailed(`${argv.join(' ')} in ${role}`, r);
    return r;
  }

  /** Starts a long-running process inside `role`'s namespace; teardown stops it. */
  async start(
    role: Role,
    argv: readonly string[],
    options: StartOptions = {},
  ): Promise<ProcessHandle> {
    const handle = await startIn(this.nsOf(role), argv, options);
    this.handles.add(handle);
    void handle.exited.then(() => this.handles.delete(handle));
    return handle;
  }

  /** The UDP flows conntrack tracks in `role`'s namespace (a router, usually). */
  async conntrack(role: Role): Promise<ConntrackEntry[]> {
    return listUdpFlows(this.nsOf(role));
  }

  /** Forgets every conntrack flow in the given namespaces (default: both routers). */
  async flushConntrack(...roles: Role[]): Promise<void> {
    const which: Role[] = roles.length > 0 ? roles : ['aliceNat', 'bobNat'];
    await Promise.all(which.map((role) => flushFlows(this.nsOf(role))));
  }

  /**
   * Forgets everything both routers remember about past traffic: their conntrack flows and what
   * their recipe keeps outside conntrack (the restricted-cone recipe's set of contacted
   * endpoints). Between experiments, this rather than `flushConntrack` alone.
   */
  async flushNatState(): Promise<void> {
    await Promise.all(
      (['alice', 'bob'] as const).map(async (side) => {
        const { role } = ROUTER_OF[side];
        for (const step of this.routed.has(side) ? [] : stateFlushSteps(this.nat[side])) {
          const r = await this.exec(role, step.argv);
          if (!r.ok) throw commandFailed(`${step.what} on ${side}'s router`, r);
        }
        await flushFlows(this.nsOf(role));
      }),
    );
    if (this.homeNat) await flushHomeState(this, this.homeNat);
  }

  /**
   * Sets the UDP conntrack timeouts of the given namespaces (default: both routers), in seconds:
   * `nf_conntrack_udp_timeout` and `_stream` are per namespace. New values apply to flows as
   * their next packet refreshes them.
   */
  async setUdpTimeouts(
    timeouts: { readonly udpSec: number; readonly streamSec: number },
    ...roles: Role[]
  ): Promise<void> {
    const which: Role[] = roles.length > 0 ? roles : ['aliceNat', 'bobNat'];
    await Promise.all(which.map((role) => setUdpTimeouts(this.nsOf(role), timeouts)));
  }

  /** The UDP sockets of `role`'s namespace (`ss -4 -uanp`). */
  async udpSockets(role: Role): Promise<UdpSocket[]> {
    return udpSockets(this.nsOf(role));
  }

  /** Waits until something listens on UDP `where` in `role`'s namespace. */
  async waitForUdpSocket(role: Role, where: Endpoint, timeoutMs = 3_000): Promise<UdpSocket> {
    return waitForUdpSocket(this.nsOf(role), where, timeoutMs);
  }

  /**
   * Gives `side`'s router a new NAT recipe and INPUT policy: flushes its whole ruleset, installs
   * the recipe, then flushes its conntrack table (old flows would keep their old translation).
   */
  async configureRouter(side: Side, nat: RouterNat): Promise<void> {
    checkRouterNat(nat);
    const { role, sides } = ROUTER_OF[side];
    for (const step of routerSteps(nat, sides)) {
      const r = await this.exec(
        role,
        step.argv,
        step.input === undefined ? {} : { input: step.input },
      );
      if (!r.ok) throw commandFailed(`${step.what} on ${side}'s router`, r);
    }
    await flushFlows(this.nsOf(role));
    this.nat[side] = nat;
    if (this.routed.delete(side)) await this.lanRoutes(side, 'del');
  }

  /**
   * Adds a home network behind Alice for double NAT (see HOME in plan.ts): a seventh namespace
   * `<prefix>-home` with the home host 10.0.0.10, a veth to Alice's namespace, which forwards and
   * becomes the home router (no NAT until configureHome). Alice's router is then the carrier's
   * NAT. Registered like the others, so teardown, signals and cleanupStale remove it. Idempotent;
   * returns the home namespace's name.
   */
  async addHome(): Promise<string> {
    if (this.homeNs) return this.homeNs;
    this.homeNs = await buildHome(this);
    return this.homeNs;
  }

  /** The home host's namespace, once addHome ran. */
  get home(): string | undefined {
    return this.homeNs;
  }

  /**
   * Gives the home router (Alice's namespace, after addHome) a NAT recipe and INPUT policy, on
   * its WAN eth0 toward the carrier's NAT and its LAN home0; undefined takes every rule away
   * (it then only routes, as before). Conntrack in Alice's namespace is flushed.
   */
  async configureHome(nat: RouterNat | undefined): Promise<void> {
    if (!this.homeNs) throw new NetnsError('invalid-argument', 'configureHome before addHome');
    await configureHomeRouter(this, nat);
    this.homeNat = nat;
  }

  /** True while `side`'s router only routes (configureRouted). */
  isRouted(side: Side): boolean {
    return this.routed.has(side);
  }

  /**
   * Makes `side`'s router only route, no NAT (its LAN host then talks with its own private
   * address, as an "open internet" host would), with `inputPolicy`; adds the routes that reach
   * that LAN through the router's WAN address in the server, the other router and the other
   * host. `configureRouter` undoes it (rules and routes). Conntrack is flushed.
   */
  async configureRouted(side: Side, inputPolicy: InputPolicy): Promise<void> {
    checkRouterNat({ recipe: 'masquerade', inputPolicy });
    const { role, sides } = ROUTER_OF[side];
    for (const step of routedSteps(inputPolicy, sides)) {
      const r = await this.exec(role, step.argv);
      if (!r.ok) throw commandFailed(`${step.what} on ${side}'s router`, r);
    }
    await flushFlows(this.nsOf(role));
    if (!this.routed.has(side)) await this.lanRoutes(side, 'add');
    this.routed.add(side);
  }

  private async lanRoutes(side: Side, op: 'add' | 'del'): Promise<void> {
    for (const r of routedLanRoutes(side)) {
      const argv = ['ip', 'route', op, r.prefix, 'via', r.via, 'dev', r.dev];
      const done = await this.exec(r.role, argv);
      if (!done.ok && op === 'add') throw commandFailed(`${argv.join(' ')} in ${r.role}`, done);
    }
  }

  /**
   * Stops every process started here, kills anything else left in the namespaces, deletes the
   * namespaces (their links, addresses, routes and rules go with them). Safe to call twice.
   */
  async teardown(): Promise<void> {
    if (this.tornDown) return;
    this.tornDown = true;
    await Promise.all([...this.handles].map((h) => h.kill(500)));
    const problems = await destroyRun(this.prefix);
    if (problems.length > 0) {
      throw new NetnsError('command-failed', `teardown of ${this.prefix}: ${problems.join('; ')}`);
    }
  }
}

/**
 * Deletes every namespace registered for run `prefix`, in reverse creation order, and forgets
 * the run. Returns the problems met (empty when everything is gone).
 */
export async function destroyRun(prefix: string): Promise<string[]> {
  const problems: string[] = [];
  for (const ns of registeredNamespaces(prefix).reverse()) {
    const problem = await destroyNamespace(ns);
    if (problem) problems.push(problem);
  }
  forgetRun(prefix);
  return problems;
}
