/**
 * The model's public surface: what the simulator, the machines and the lab import.
 */
export * from './endpoint.ts';
export * from './errors.ts';
export * from './packet.ts';
export * from './rng.ts';
export * from './scheduler.ts';
export * from './trace.ts';
export * from './nat-policy.ts';
export * from './presets.ts';
export * from './topology.ts';
export { Nat } from './nat.ts';
export type { NatOptions } from './nat.ts';
export { Network } from './network.ts';
export type { NatView, NetworkOptions } from './network.ts';
export { Host, EPHEMERAL_RANGE } from './host.ts';
export { UdpSocket } from './socket.ts';
export type { Datagram } from './socket.ts';
export * from './shell.ts';
export type * from './process.ts';
export * from './scenario.ts';
export { ScenarioRun, withNats } from './scenario-run.ts';
export { limitReason } from './goal-tracker.ts';
export type { GoalCause, GoalOutcome, RunLimit, RunOptions, TerminalLine } from './scenario-run.ts';
export * from './outcome-matrix.ts';
export * from './scenarios/index.ts';
export type { PunchVariant, Prediction } from './scenarios/variants.ts';
export { walkthroughStunScenario, STUN_PORT } from './scenarios/walkthrough-stun.ts';
export * from './stun/index.ts';
export { answerStun, serverEndpoints } from './stun/server.ts';
export type { StunServerAction, StunServerConfig } from './stun/server.ts';
export * from './stun/probe.ts';
export * from './stun/classic-plan.ts';
export * from './stun/rfc5780-plan.ts';
export { netcat, parseNetcat } from './apps/netcat.ts';
export { formatSs } from './apps/ss.ts';
