/**
 * The hub protocol's field schemas (valibot), shared by the browser, the hub and the agents: one
 * host's IPv4 address, UDP ports, endpoints, roles, request ids and the chat text an `nc` step
 * may send. Each refuses what is not exactly that, so nothing shaped like a command line passes.
 */
import * as v from 'valibot';
import { ipv4Kind } from '../model/stun/ip.ts';

/** The machines a lab has: the two students' agents, and the Server the hub runs beside. */
export const AGENT_ROLES = ['alice', 'bob'] as const;
/** A role an agent registers as. */
export type AgentRole = (typeof AGENT_ROLES)[number];
/** Where a lab event happened: an agent's machine or the Server. */
export const LAB_NODES = ['alice', 'bob', 'server'] as const;
export type LabNode = (typeof LAB_NODES)[number];

/** The longest chat text an `nc-send` step may carry (characters). */
export const MAX_TEXT = 200;
/** The lowest local port an agent binds: the walkthrough's ports are all high ones. */
export const MIN_LOCAL_PORT = 1024;

const IP = 'must be one host\'s IPv4 address "a.b.c.d" (no 0.0.0.0, multicast or broadcast)';
const PORT = 'must be a UDP port, an integer 1-65535';
const LOCAL_PORT = `must be a local UDP port, an integer ${MIN_LOCAL_PORT}-65535`;
const ROLE = `must be one of ${AGENT_ROLES.join(', ')}`;
const ID = 'must be 1-64 letters, digits, dots, dashes or underscores';
/** Letters and digits of any script, spaces and plain punctuation: no quotes, `;|&$<>\` or controls. */
const TEXT_CHARS = /^[\p{L}\p{N} .,:!?¿¡'()@#+=/_-]+$/u;
const TEXT = `must be 1-${MAX_TEXT} characters of letters, digits, spaces and . , : ! ? ¿ ¡ ' ( ) @ # + = / _ -`;

/** One host's IPv4 address (a unicast dotted quad). */
export const IpSchema = v.pipe(
  v.string(IP),
  v.maxLength(15, IP),
  v.check((ip) => ipv4Kind(ip) === 'unicast', IP),
);

/** A UDP port 1-65535. */
export const PortSchema = v.pipe(
  v.number(PORT),
  v.integer(PORT),
  v.minValue(1, PORT),
  v.maxValue(65535, PORT),
);

/** A port an agent may bind on its own machine (1024-65535). */
export const LocalPortSchema = v.pipe(
  v.number(LOCAL_PORT),
  v.integer(LOCAL_PORT),
  v.minValue(MIN_LOCAL_PORT, LOCAL_PORT),
  v.maxValue(65535, LOCAL_PORT),
);

/** An `{ ip, port }` endpoint of one host. */
export const EndpointSchema = v.strictObject(
  { ip: IpSchema, port: PortSchema },
  'must be an endpoint { ip, port }',
);

/** An endpoint as a trace reports it: any dotted quad (0.0.0.0 for "every address") and port 0-65535. */
export const SeenEndpointSchema = v.strictObject(
  {
    ip: v.pipe(
      v.string(IP),
      v.check((ip) => ipv4Kind(ip) !== undefined, 'must be a dotted quad'),
    ),
    port: v.pipe(v.number(PORT), v.integer(PORT), v.minValue(0, PORT), v.maxValue(65535, PORT)),
  },
  'must be an endpoint { ip, port }',
);

/** alice or bob. */
export const RoleSchema = v.picklist(AGENT_ROLES, ROLE);

const ROOM = 'must be 1-32 letters, digits or dashes';
/** A lab's room on a hub shared by a class (one pair's alice and bob and their browsers). */
/** A room's name: 1-32 letters, digits or dashes. */
export const ROOM_NAME = /^[A-Za-z0-9-]{1,32}$/;
export const RoomSchema = v.pipe(v.string(ROOM), v.regex(ROOM_NAME, ROOM));

/** alice, bob or server. */
export const NodeSchema = v.picklist(LAB_NODES, `must be one of ${LAB_NODES.join(', ')}`);

/** A request id the sender chooses, echoed in answers and events. */
export const RequestIdSchema = v.pipe(v.string(ID), v.regex(/^[\w.-]{1,64}$/, ID));

/** The chat text of an `nc` send: plain words, never shell syntax. */
export const ChatTextSchema = v.pipe(
  v.string(TEXT),
  v.maxLength(MAX_TEXT, TEXT),
  v.regex(TEXT_CHARS, TEXT),
);

/** A bounded whole number of seconds. */
export function secondsSchema(max: number): v.GenericSchema<number> {
  const rule = `must be a whole number of seconds 1-${max}`;
  return v.pipe(v.number(rule), v.integer(rule), v.minValue(1, rule), v.maxValue(max, rule));
}
