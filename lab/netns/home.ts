/**
 * The home network of a double NAT behind Alice (HOME in plan.ts), on a built topology: building
 * it (a seventh namespace `<prefix>-home` holding the home host, its veth into Alice's namespace,
 * addresses, routes, forwarding in Alice's namespace, which becomes the home router), giving the
 * home router a NAT recipe or taking every rule away, and forgetting what its recipe remembers.
 * Topology.addHome, configureHome and flushNatState call these; they keep the state.
 *
 *   internet -- alice-nat (carrier's NAT) -- alice (home router: eth0 WAN, home0 LAN) -- home
 */
import { commandFailed } from './errors.ts';
import { mustRun } from './exec.ts';
import type { ExecOptions, ExecResult } from './exec.ts';
import { flushFlows } from './conntrack.ts';
import { checkRouterNat, routedSteps, routerSteps, stateFlushSteps } from './nat-recipes.ts';
import type { RouterNat } from './nat-recipes.ts';
import { HOME, IFACES, PUBLIC_PREFIXES } from './plan.ts';
import type { Role } from './plan.ts';
import { registerNamespace } from './runs.ts';
import * as v from './validate.ts';

/** What the home network needs of its topology (a Topology). */
export interface HomeBase {
  readonly prefix: string;
  nsOf(role: Role): string;
  exec(role: Role, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  mustExec(role: Role, argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

/**
 * Creates the home namespace, registered under the topology's run (so teardown, signals and
 * cleanupStale remove it), links it to Alice's namespace and makes Alice's namespace forward,
 * with no NAT yet. Returns the home namespace's name.
 */
export async function buildHome(t: HomeBase): Promise<string> {
  const ns = v.nsName(`${t.prefix}-${HOME.suffix}`);
  const alice = t.nsOf('alice');
  registerNamespace(t.prefix, ns);
  await mustRun('ip netns add home', ['ip', 'netns', 'add', ns]);
  await mustRun('home link in alice', ['ip', '-n', alice, '-batch', '-'], {
    input: [
      `link add ${HOME.routerLan} type veth peer name ${IFACES.hostEth} netns ${ns}`,
      `link set ${HOME.routerLan} up`,
      `addr add ${HOME.routerLanIp}/24 dev ${HOME.routerLan}`,
      '',
    ].join('\n'),
  });
  const routes = [...Object.values(PUBLIC_PREFIXES), '192.168.1.0/24'].map(
    (prefix) => `route add ${v.cidr(prefix)} via ${HOME.routerLanIp} dev ${IFACES.hostEth}`,
  );
  await mustRun('home host addresses', ['ip', '-n', ns, '-batch', '-'], {
    input: [
      'link set lo up',
      `link set ${IFACES.hostEth} up`,
      `addr add ${HOME.host}/24 dev ${IFACES.hostEth}`,
      ...routes,
      '',
    ].join('\n'),
  });
  await t.mustExec('alice', ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
  return ns;
}

/**
 * Installs `nat` (recipe and INPUT policy) on the home router, WAN eth0 toward the carrier's NAT
 * and LAN home0, or with undefined only routes with INPUT accepting; then flushes conntrack in
 * Alice's namespace.
 */
export async function configureHomeRouter(t: HomeBase, nat: RouterNat | undefined): Promise<void> {
  const sides = { wan: IFACES.hostEth, lan: HOME.routerLan, lanHost: HOME.host };
  const steps = nat ? routerSteps(checkRouterNat(nat), sides) : routedSteps('accept', sides);
  for (const step of steps) {
    const r = await t.exec(
      'alice',
      step.argv,
      step.input === undefined ? {} : { input: step.input },
    );
    if (!r.ok) throw commandFailed(`${step.what} on the home router`, r);
  }
  await flushFlows(t.nsOf('alice'));
}

/** Forgets what the home router remembers of past traffic: its recipe's state and conntrack. */
export async function flushHomeState(t: HomeBase, nat: RouterNat): Promise<void> {
  for (const step of stateFlushSteps(nat)) {
    const r = await t.exec('alice', step.argv);
    if (!r.ok) throw commandFailed(`${step.what} on the home router`, r);
  }
  await flushFlows(t.nsOf('alice'));
}
