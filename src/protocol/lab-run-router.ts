/**
 * What a saved run may say about its routers (version 2 of src/protocol/lab-run.ts): a NAT
 * rewrite seen on both sides of a router (`translated`, before and after, as a capture sees it)
 * and a datagram seen entering a router and never leaving it (`dropped` at that NAT, with the
 * filtering reason guessed). Agents cannot see routers, so only an imported capture writes them;
 * `router` names the topology's router and must equal the event's node (lab-run.ts checks both).
 */
import * as v from 'valibot';
import type { TraceEvent } from '../model/trace.ts';
import { MAX_EVENT_TEXT, WirePacketSchema, packetFromWire } from './events.ts';

const TIME = 'must be a number of ms >= 0';
const T = v.pipe(v.number(TIME), v.finite(TIME), v.minValue(0, TIME));
/** A router's id in the topology ("alice-nat"). */
export const RouterIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a router id: 1-32 lowercase letters, digits, -'),
);
/** Why a datagram that entered a router never left it. */
export const ROUTER_DROP_REASONS = [
  'no-mapping',
  'filtered-address',
  'filtered-port',
  'hairpin-unsupported',
  'router-port-closed',
  'port-exhausted',
] as const;

/** One event at a router, in the saved run's wire shape. */
export const RouterEventSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('translated'),
    t: T,
    node: RouterIdSchema,
    direction: v.picklist(['outbound', 'inbound', 'hairpin']),
    before: WirePacketSchema,
    after: WirePacketSchema,
  }),
  v.strictObject({
    type: v.literal('dropped'),
    t: T,
    node: RouterIdSchema,
    packet: WirePacketSchema,
    reason: v.picklist(ROUTER_DROP_REASONS),
    detail: v.pipe(v.string(), v.maxLength(MAX_EVENT_TEXT)),
  }),
]);
export type RouterEvent = v.InferOutput<typeof RouterEventSchema>;

/** One router event of a saved run: at which router. */
export const LabRunRouterEventSchema = v.strictObject({
  router: RouterIdSchema,
  event: RouterEventSchema,
});
export type LabRunRouterEvent = v.InferOutput<typeof LabRunRouterEventSchema>;

/** The model's TraceEvents a router event stands for. */
export type RouterTraceEvent = Extract<TraceEvent, { type: 'translated' | 'dropped' }>;

/** A validated router event as the model's TraceEvent (its binding unknown: 0). */
export function routerFromWire(e: RouterEvent): RouterTraceEvent {
  if (e.type === 'translated')
    return {
      ...e,
      before: packetFromWire(e.before),
      after: packetFromWire(e.after),
      bindingId: 0,
    };
  return { ...e, packet: packetFromWire(e.packet) };
}
