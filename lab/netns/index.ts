/**
 * The public API of the namespace test bed: build a Server / two NATs / Alice / Bob topology
 * with chosen NAT recipes, run commands and real peers inside it, read conntrack, tear it down.
 *
 * ```ts
 * const t = await buildTopology({
 *   alice: { recipe: 'restricted-cone', inputPolicy: 'drop-new' },
 *   bob: { recipe: 'masquerade-random-fully', inputPolicy: 'accept' },
 * });
 * try {
 *   const stund = await startStund(t); // 203.0.113.162 / .163, ports 3478 / 3479
 *   const verdict = await runStunClient(t, 'alice'); // verdict.primary: "Independent Mapping, ..."
 *   const r = await t.exec('bob', ['nc', '-q', '0', '-u', t.addr.serverPrimary, '9000'], {
 *     input: 'toc\n',
 *     timeoutMs: 2_000,
 *   });
 *   const flows = await t.conntrack('bobNat'); // translatedSource(flows[0]) = Bob's public ip:port
 *   await t.configureRouter('alice', { recipe: 'full-cone', inputPolicy: 'accept' });
 *   await t.flushConntrack();
 *   await stund.stop();
 * } finally {
 *   await t.teardown(); // also done on SIGINT, SIGTERM and exit
 * }
 * ```
 * Everything needs root; `assertNetnsAvailable()` says why not, `cleanupStale()` removes the
 * namespaces of runs whose process died.
 */
export { buildTopology } from './build.ts';
export type { TopologyOptions } from './build.ts';
export { Topology } from './topology.ts';
export { ADDRESSES, ROLES } from './plan.ts';
export type { Role, Side } from './plan.ts';
export { NAT_RECIPES, RECIPE_BEHAVIOUR } from './nat-recipes.ts';
export type { InputPolicy, NatRecipe, RouterNat } from './nat-recipes.ts';
export { NetnsError } from './errors.ts';
export type { NetnsErrorCode } from './errors.ts';
export { execIn } from './exec.ts';
export type { ExecOptions, ExecResult } from './exec.ts';
export { startIn } from './process.ts';
export type { ExitInfo, ProcessHandle, StartOptions } from './process.ts';
export { parseConntrack, translatedSource } from './conntrack.ts';
export type { ConntrackEntry, FlowTuple } from './conntrack.ts';
export type { UdpSocket } from './sockets.ts';
export { assertNetnsAvailable, requireBinaries, PEER_BINARIES } from './preflight.ts';
export { cleanupStale, listNamespaces } from './runs.ts';
export {
  STUN_ALT_PORT,
  STUN_PORT,
  parseNatDiscovery,
  parseStunClient,
  runNatDiscovery,
  runStunClient,
  startStund,
  startTurnserver,
} from './peers.ts';
export type {
  NatDiscoveryVerdict,
  StunClientVerdict,
  StunServer,
  TurnserverOptions,
} from './peers.ts';
