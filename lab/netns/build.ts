/**
 * The builder of the namespace test bed: makes the six namespaces, the links, addresses and
 * routes, and each router's NAT, undoing everything it made when any step fails.
 */
import { NetnsError } from './errors.ts';
import { mustRun } from './exec.ts';
import type { RouterNat } from './nat-recipes.ts';
import { checkRouterNat } from './nat-recipes.ts';
import { ASSIGNMENTS, IFACES, LINKS, ROLES, ROUTES, namespaceNames } from './plan.ts';
import type { Role, Side } from './plan.ts';
import { assertNetnsAvailable } from './preflight.ts';
import { newRunPrefix, registerNamespace } from './runs.ts';
import { Topology, destroyRun } from './topology.ts';
import * as v from './validate.ts';

/** What to build. */
export interface TopologyOptions {
  /** Alice's router: NAT recipe and INPUT policy. */
  readonly alice: RouterNat;
  /** Bob's router: NAT recipe and INPUT policy. */
  readonly bob: RouterNat;
  /**
   * Called with a short description before every step (for logs). A throw aborts the build,
   * which then tears down what it made: tests use it to fail a build halfway on purpose.
   */
  readonly onStep?: (step: string) => void;
  /**
   * The namespace-name prefix (default a fresh `agj-<pid>-<n>`). A caller that names its own
   * topology (`agujero netns up`, `agujero-alice`...) owns its cleanup: `cleanupStale()` only
   * removes `agj-<pid>-<n>-` names.
   */
  readonly prefix?: string;
}

/**
 * Builds, on this machine, a Server, two NAT routers, Alice and Bob, each in its own network
 * namespace named `agj-<pid>-<n>-<role>`:
 *
 * ```
 *                    [internet]  bridge br0, no address, nothing else
 *          +--------------+-------------+----------------+
 *          | veth         | veth                          | veth
 *   [server] eth0    [alice-nat] wan0 192.0.2.113    [bob-nat] wan0 198.51.100.24
 *   203.0.113.162/24       |  NAT recipe + INPUT policy   |  NAT recipe + INPUT policy
 *   203.0.113.163/24       |  lan0 192.168.1.1/24         |  lan0 192.168.2.1/24
 *   (primary, alternate)   | veth                          | veth
 *                     [alice] eth0 192.168.1.10/24   [bob] eth0 192.168.2.20/24
 * ```
 *
 * The veth pairs are created straight inside the namespaces (`ip -n A link add X type veth peer
 * name Y netns B`): no end ever exists in the root namespace, and the bridge lives in the
 * `internet` namespace. Routes cover the three documentation prefixes only (no default route
 * anywhere), so nothing in the topology can reach the host or anything beyond it. IPv6 is off.
 * Namespaces are registered before they are created, so a failure at any step, SIGINT, SIGTERM
 * or an exit after an uncaught error deletes everything made so far.
 */
export async function buildTopology(options: TopologyOptions): Promise<Topology> {
  checkRouterNat(options.alice);
  checkRouterNat(options.bob);
  await assertNetnsAvailable();
  const prefix = options.prefix === undefined ? newRunPrefix() : v.nsName(options.prefix);
  const ns = namespaceNames(prefix);
  const step = async (what: string, argv: string[], input?: string): Promise<void> => {
    options.onStep?.(what);
    await mustRun(what, argv, input === undefined ? {} : { input });
  };
  try {
    await step(
      'ip netns add',
      ['ip', '-batch', '-'],
      ROLES.map((role) => {
        registerNamespace(prefix, v.nsName(ns[role]));
        return `netns add ${ns[role]}\n`;
      }).join(''),
    );
    for (const role of ROLES) {
      await step(
        `ip link/addr/route in ${role}`,
        ['ip', '-n', ns[role], '-batch', '-'],
        ipBatch(role, ns),
      );
    }
    for (const role of ROLES) {
      const forward = role === 'aliceNat' || role === 'bobNat' ? ['net.ipv4.ip_forward=1'] : [];
      const sysctls = [...IPV6_OFF, ...forward];
      await step(`sysctl in ${role}`, [
        'ip',
        'netns',
        'exec',
        ns[role],
        'sysctl',
        '-q',
        '-w',
        ...sysctls,
      ]);
    }
    const topology = new Topology(prefix, ns, { alice: options.alice, bob: options.bob });
    for (const side of ['alice', 'bob'] as const satisfies readonly Side[]) {
      options.onStep?.(`NAT ${options[side].recipe} (${options[side].inputPolicy}) for ${side}`);
      await topology.configureRouter(side, options[side]);
    }
    return topology;
  } catch (error) {
    const problems = await destroyRun(prefix);
    if (problems.length > 0 && error instanceof Error) {
      error.message += ` (and teardown: ${problems.join('; ')})`;
    }
    throw error instanceof NetnsError || !(error instanceof Error)
      ? error
      : new NetnsError('command-failed', `building topology ${prefix} failed: ${error.message}`);
  }
}

const IPV6_OFF = ['net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'];

/**
 * The `ip -n NS -batch -` script that sets up `role`'s namespace: lo up; the veth pairs whose
 * first end lives here (the peer is created straight in the other namespace); the bridge in
 * `internet`; every interface here up; addresses; routes. Roles run in ROLES order, so a veth end
 * exists before its namespace's own script brings it up.
 */
function ipBatch(role: Role, ns: Readonly<Record<Role, string>>): string {
  const lines = ['link set lo up'];
  if (role === 'internet') lines.push(`link add ${v.ifName(IFACES.bridge)} type bridge`);
  for (const link of LINKS.filter((l) => l.a === role)) {
    const master = role === 'internet' ? ` master ${IFACES.bridge}` : '';
    lines.push(
      `link add ${v.ifName(link.aIf)} type veth peer name ${v.ifName(link.bIf)} netns ${v.nsName(ns[link.b])}`,
      `link set ${link.aIf}${master} up`,
    );
  }
  if (role === 'internet') lines.push(`link set ${IFACES.bridge} up`);
  for (const link of LINKS.filter((l) => l.b === role)) lines.push(`link set ${link.bIf} up`);
  for (const a of ASSIGNMENTS.filter((x) => x.role === role)) {
    lines.push(`addr add ${v.cidr(`${a.ip}/24`)} dev ${v.ifName(a.iface)}`);
  }
  for (const r of ROUTES.filter((x) => x.role === role)) {
    const hop = r.via === undefined ? '' : ` via ${v.ipv4(r.via)}`;
    lines.push(`route add ${v.cidr(r.prefix)}${hop} dev ${v.ifName(r.dev)}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
