/**
 * The events the lab streams, as valibot schemas: the subset of the model's TraceEvent that real
 * machines can see (`sent`, `delivered`, `dropped`, `command`, `output`) and the lab's own
 * observations (listening, a datagram nc printed, a STUN verdict, a step's end, a punch's phase). On the wire a
 * packet's payload is hex; `fromWire` / `toWire` convert to and from the model's Uint8Array.
 */
import * as v from 'valibot';
import type { Packet } from '../model/packet.ts';
import type { TraceEvent } from '../model/trace.ts';
import { NodeSchema, RequestIdSchema, SeenEndpointSchema } from './fields.ts';

/** The largest payload an event reports (bytes); longer ones are cut and say so. */
export const MAX_EVENT_PAYLOAD = 2048;
/** The longest line of text (command, output) an event carries. */
export const MAX_EVENT_TEXT = 1000;

const TIME = 'must be a number of ms >= 0';
const HEX = `must be hex bytes (at most ${MAX_EVENT_PAYLOAD})`;
const TEXT = `must be a string of at most ${MAX_EVENT_TEXT} characters`;

const T = v.pipe(v.number(TIME), v.finite(TIME), v.minValue(0, TIME));
const Text = v.pipe(v.string(TEXT), v.maxLength(MAX_EVENT_TEXT, TEXT));
const Id = v.pipe(v.number('must be an integer >= 0'), v.integer(), v.minValue(0));

/** A packet on the wire: the model's Packet with the payload as lowercase hex. */
export const WirePacketSchema = v.strictObject({
  id: Id,
  src: SeenEndpointSchema,
  dst: SeenEndpointSchema,
  payload: v.pipe(
    v.string(HEX),
    v.regex(/^(?:[0-9a-f]{2})*$/, HEX),
    v.maxLength(MAX_EVENT_PAYLOAD * 2, HEX),
  ),
});
export type WirePacket = v.InferOutput<typeof WirePacketSchema>;

/** Why a real packet was lost, as far as a machine can tell. */
const LabDropReasonSchema = v.picklist(['port-unreachable', 'link-loss', 'no-route']);

/** The lab's observations, beyond what the model's trace has. */
export const OBSERVATION_KINDS = ['listening', 'received', 'stun', 'step-done', 'phase'] as const;

/** One lab event: a TraceEvent of the lab's subset, or an observation. */
export const LabEventSchema = v.variant('type', [
  v.strictObject({ type: v.literal('sent'), t: T, node: NodeSchema, packet: WirePacketSchema }),
  v.strictObject({
    type: v.literal('delivered'),
    t: T,
    node: NodeSchema,
    packet: WirePacketSchema,
    socket: SeenEndpointSchema,
  }),
  v.strictObject({
    type: v.literal('dropped'),
    t: T,
    node: NodeSchema,
    packet: WirePacketSchema,
    reason: LabDropReasonSchema,
    detail: Text,
  }),
  v.strictObject({ type: v.literal('command'), t: T, actor: NodeSchema, text: Text, step: Id }),
  v.strictObject({
    type: v.literal('output'),
    t: T,
    actor: NodeSchema,
    text: Text,
    stream: v.picklist(['stdout', 'stderr']),
  }),
  v.strictObject({
    type: v.literal('observed'),
    t: T,
    node: NodeSchema,
    kind: v.picklist(OBSERVATION_KINDS),
    /** listening, received: the local socket; stun: the local endpoint. */
    socket: v.optional(SeenEndpointSchema),
    /** received: the sender when the tool said; stun: the server. */
    from: v.optional(SeenEndpointSchema),
    /** stun: the public endpoint the server saw. */
    external: v.optional(SeenEndpointSchema),
    /**
     * received: the text; stun: the verdict's name; step-done: why it failed; phase: the punch
     * machine's phase (registering, waiting, punching, connected, closing, done, failed).
     */
    text: v.optional(Text),
    /** step-done: the request it ends, whether it succeeded, the program's exit code. */
    request: v.optional(RequestIdSchema),
    ok: v.optional(v.boolean()),
    code: v.optional(v.nullable(v.pipe(v.number(), v.integer()))),
  }),
]);
export type LabEvent = v.InferOutput<typeof LabEventSchema>;
/** A lab observation (`type: 'observed'`). */
export type LabObservation = Extract<LabEvent, { type: 'observed' }>;
/** The TraceEvents the lab emits, in the model's own shape. */
export type LabTraceEvent = Extract<
  TraceEvent,
  { type: 'sent' | 'delivered' | 'dropped' | 'command' | 'output' }
>;

/** Bytes as lowercase hex (at most MAX_EVENT_PAYLOAD bytes). */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  const n = Math.min(bytes.length, MAX_EVENT_PAYLOAD);
  for (let i = 0; i < n; i++) out += (bytes[i] as number).toString(16).padStart(2, '0');
  return out;
}

/** Hex (already validated) as bytes. */
export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A model packet on the wire. */
export function packetToWire(p: Packet): WirePacket {
  return { id: p.id, src: { ...p.src }, dst: { ...p.dst }, payload: toHex(p.payload) };
}

/** A wire packet as the model's Packet. */
export function packetFromWire(p: WirePacket): Packet {
  return { id: p.id, src: p.src, dst: p.dst, payload: fromHex(p.payload) };
}

/** A validated wire event as the model's TraceEvent (or the observation as it is). */
export function fromWire(e: LabEvent): LabTraceEvent | LabObservation {
  switch (e.type) {
    case 'sent':
    case 'delivered':
    case 'dropped':
      return { ...e, packet: packetFromWire(e.packet) } as LabTraceEvent;
    default:
      return e;
  }
}
