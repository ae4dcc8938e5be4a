/**
 * Every message between the hub and its clients as valibot schemas, and their parsing from
 * received text: a client (agent or browser) says `hello` with the token, then an agent
 * `register`s as alice or bob and streams `event`s, and a browser `subscribe`s and asks for
 * `step`s; the hub answers `welcome`, forwards each step to its agent as `run`, and fans the
 * events out to every browser. Parsing never throws: it returns the message or a coded error.
 *
 *   browser --step--> hub --run--> agent (alice|bob) --event--> hub --event--> every browser
 */
import * as v from 'valibot';
import { ipv4Kind } from '../model/stun/ip.ts';
import { ERROR_TEXT } from './errors.ts';
import type { ErrorCode } from './errors.ts';
import { LabEventSchema } from './events.ts';
import {
  EndpointSchema,
  IpSchema,
  LocalPortSchema,
  NodeSchema,
  PortSchema,
  RequestIdSchema,
  RoleSchema,
  RoomSchema,
} from './fields.ts';
import { StepSchema } from './steps.ts';

const Token = v.pipe(
  v.string('must be a string'),
  v.maxLength(256, 'must be at most 256 characters'),
);
const Clock = v.pipe(v.number(), v.finite(), v.minValue(0));
const Host = v.pipe(
  v.string(),
  v.regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes'),
);

/** Which nc an agent runs: Debian's netcat-openbsd, netcat-traditional, or its own node:dgram. */
export const NcInfoSchema = v.strictObject({
  variant: v.picklist(
    ['openbsd', 'traditional', 'builtin'],
    'must be openbsd, traditional or builtin',
  ),
  keep: v.boolean('must be true or false'),
});
export type NcInfo = v.InferOutput<typeof NcInfoSchema>;

/** The most addresses a machine reports, or the hub lists, of one kind. */
export const MAX_ADDRESSES = 8;
const ADDRESSES = `must be at most ${MAX_ADDRESSES} IPv4 addresses`;
/** A machine's own IPv4 addresses (its LAN side, as its interfaces have them). */
export const AddressesSchema = v.pipe(
  v.array(IpSchema, ADDRESSES),
  v.maxLength(MAX_ADDRESSES, ADDRESSES),
);

/**
 * The addresses an agent claims in `register`: any dotted quads (at most MAX_ADDRESSES), so the
 * hub can refuse a claim that is not a LAN address with its own code (`bad-address`) and reason.
 */
export const ClaimedAddressesSchema = v.pipe(
  v.array(
    v.pipe(
      v.string('must be a dotted quad'),
      v.maxLength(15, 'must be a dotted quad'),
      v.check((ip) => ipv4Kind(ip) !== undefined, 'must be a dotted quad'),
    ),
    ADDRESSES,
  ),
  v.maxLength(MAX_ADDRESSES, ADDRESSES),
);

/**
 * What the Server's rendezvous saw of an agent: a datagram the agent sent from its `local` port
 * arrived from `seen`, the public ip:port its NAT gave it (the walkthrough's `${server.saw.X}`).
 */
export const SawSchema = v.strictObject({ local: LocalPortSchema, seen: EndpointSchema });
export type Saw = v.InferOutput<typeof SawSchema>;

/** The lab's Server as the hub knows it: its addresses and the rendezvous's UDP port. */
export const ServerInfoSchema = v.strictObject({
  ips: AddressesSchema,
  rendezvous: v.optional(PortSchema),
});
export type ServerInfo = v.InferOutput<typeof ServerInfoSchema>;

/** What clients send. */
export const ClientMessageSchemas = {
  hello: v.strictObject({
    type: v.literal('hello'),
    protocol: v.number('must be a number'),
    token: v.optional(Token),
    /** The lab to join on a hub shared by a class; none: the default room. */
    room: v.optional(RoomSchema),
  }),
  register: v.strictObject({
    type: v.literal('register'),
    role: RoleSchema,
    nc: NcInfoSchema,
    host: v.optional(Host),
    /** The machine's own IPv4 addresses (its LAN side; the hub checks their scope). */
    addresses: v.optional(ClaimedAddressesSchema),
  }),
  /**
   * A client that only reports what it does as `role` (`agujero punch --hub`): its events reach
   * the room's browsers like an agent's, but it takes no steps and replaces no agent.
   */
  report: v.strictObject({ type: v.literal('report'), role: RoleSchema }),
  subscribe: v.strictObject({ type: v.literal('subscribe') }),
  step: v.strictObject({ type: v.literal('step'), id: RequestIdSchema, step: StepSchema }),
  event: v.strictObject({
    type: v.literal('event'),
    request: v.optional(RequestIdSchema),
    event: LabEventSchema,
  }),
  ping: v.strictObject({ type: v.literal('ping'), id: v.optional(RequestIdSchema) }),
} as const;
export const ClientMessageSchema = v.variant('type', Object.values(ClientMessageSchemas));
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;

/** An agent as browsers see it. */
export const AgentInfoSchema = v.strictObject({
  role: RoleSchema,
  room: v.optional(RoomSchema),
  nc: NcInfoSchema,
  host: v.optional(Host),
  since: Clock,
  /** The addresses the agent reported (its LAN side). */
  lan: v.optional(AddressesSchema),
  /** The address the hub saw its connection come from (its NAT's public one, across a NAT). */
  public: v.optional(IpSchema),
  /** What the Server's rendezvous saw of it, most recent last. */
  saw: v.optional(v.pipe(v.array(SawSchema), v.maxLength(MAX_ADDRESSES))),
});
export type AgentInfo = v.InferOutput<typeof AgentInfoSchema>;

/** What the hub sends. */
export const HubMessageSchemas = {
  welcome: v.strictObject({
    type: v.literal('welcome'),
    protocol: v.number(),
    clock: Clock,
    maxMessageBytes: v.number(),
    /** The lab's Server (where steps may send besides the agents), when the hub knows it. */
    server: v.optional(ServerInfoSchema),
  }),
  registered: v.strictObject({ type: v.literal('registered'), role: RoleSchema }),
  agents: v.strictObject({ type: v.literal('agents'), agents: v.array(AgentInfoSchema) }),
  run: v.strictObject({ type: v.literal('run'), id: RequestIdSchema, step: StepSchema }),
  accepted: v.strictObject({ type: v.literal('accepted'), id: RequestIdSchema, role: RoleSchema }),
  event: v.strictObject({
    type: v.literal('event'),
    from: NodeSchema,
    request: v.optional(RequestIdSchema),
    event: LabEventSchema,
  }),
  error: v.strictObject({
    type: v.literal('error'),
    code: v.picklist(Object.keys(ERROR_TEXT) as ErrorCode[]),
    message: v.string(),
    id: v.optional(v.string()),
  }),
  pong: v.strictObject({ type: v.literal('pong'), id: v.optional(RequestIdSchema), clock: Clock }),
} as const;
export const HubMessageSchema = v.variant('type', Object.values(HubMessageSchemas));
export type HubMessage = v.InferOutput<typeof HubMessageSchema>;
export type ErrorMessage = Extract<HubMessage, { type: 'error' }>;

/** A parse: the message, or the error to answer with. */
export type Parsed<M> =
  { readonly ok: true; readonly message: M } | { readonly ok: false; readonly error: ErrorMessage };

/** An error message with the code's sentence and a detail. */
export function errorMessage(code: ErrorCode, detail?: string, id?: string): ErrorMessage {
  const message = detail ? `${ERROR_TEXT[code]}: ${detail}` : ERROR_TEXT[code];
  return id === undefined ? { type: 'error', code, message } : { type: 'error', code, message, id };
}

/** "step.to.ip must be one host's IPv4 address ..., got "1.2.3.4; rm"" for a valibot issue. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
  const last = issue.path?.at(-1);
  if (last?.origin === 'key' || (issue.expected === 'never' && issue.path)) {
    return `${path} is not a field here`;
  }
  const got = JSON.stringify(issue.input) ?? String(issue.input);
  const shown = got.length > 80 ? `${got.slice(0, 77)}...` : got;
  return `${path || 'message'} ${issue.message}, got ${shown}`;
}

/** Which code a schema refusal gets: steps and events have their own. */
function codeFor(type: string): ErrorCode {
  if (type === 'step' || type === 'run') return 'bad-step';
  if (type === 'event') return 'bad-event';
  return 'bad-message';
}

function parse<M>(text: string, schemas: Readonly<Record<string, v.GenericSchema>>): Parsed<M> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: errorMessage('bad-json', (e as Error).message) };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      error: errorMessage('bad-message', 'a message is a JSON object with a "type"'),
    };
  }
  const type = (data as { type?: unknown }).type;
  const id = (data as { id?: unknown }).id;
  const echo = typeof id === 'string' && id.length <= 64 ? id : undefined;
  const schema =
    typeof type === 'string' && Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) {
    const known = Object.keys(schemas).join(', ');
    return {
      ok: false,
      error: errorMessage(
        'unknown-type',
        `${JSON.stringify(type) ?? 'none'}; known: ${known}`,
        echo,
      ),
    };
  }
  const r = v.safeParse(schema, data, { abortEarly: true });
  if (!r.success) {
    return {
      ok: false,
      error: errorMessage(codeFor(type as string), describeIssue(r.issues[0]), echo),
    };
  }
  return { ok: true, message: r.output as M };
}

/** Parses what a client sent (the hub's side). */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  return parse<ClientMessage>(text, ClientMessageSchemas);
}

/** Parses what the hub sent (the agent's and the browser's side). */
export function parseHubMessage(text: string): Parsed<HubMessage> {
  return parse<HubMessage>(text, HubMessageSchemas);
}
