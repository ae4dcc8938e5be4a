/**
 * The public API of the namespace test bed: build a Server / two NATs / Alice / Bob topology
 * with chosen NAT recipes, run commands and real peers inside it, read conntrack, tear it down.
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
export type { ExecOptions, ExecResult } from './exec.ts';
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
