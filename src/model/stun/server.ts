/**
 * The STUN server's logic, shared by the simulated server and the real one in the lab: given a
 * datagram received on one of its four local endpoints (two addresses x two ports), decide what
 * to send back and from which local endpoint (RFC 3489 §9.2, RFC 8489 §6.3, RFC 5780 §6).
 *
 *                  primary port (3478)   alternate port (3479)
 *  primary ip       A1:P1                 A1:P2
 *  alternate ip     A2:P1                 A2:P2
 */
import type { Endpoint } from '../endpoint.ts';
import { getAttribute } from './attributes.ts';
import type { StunAttribute } from './attributes.ts';
import { parseMessage } from './decode.ts';
import { isClassic, METHOD } from './message.ts';
import {
  PADDING,
  RESPONSE_PORT,
  answerMalformed,
  answerable,
  ignore,
  rawAttribute,
  refuseRequest,
  replier,
} from './server-reply.ts';
import { STUN_SERVER_LIMITS } from './server-limits.ts';

/** The server's two addresses and two ports. */
export interface StunServerConfig {
  readonly primaryIp: string;
  readonly alternateIp: string;
  readonly primaryPort: number;
  readonly alternatePort: number;
  /** SOFTWARE attribute value; omitted when undefined. */
  readonly software?: string;
}

/** The four local endpoints a server listens on. */
export function serverEndpoints(c: StunServerConfig): Endpoint[] {
  return [
    { ip: c.primaryIp, port: c.primaryPort },
    { ip: c.primaryIp, port: c.alternatePort },
    { ip: c.alternateIp, port: c.primaryPort },
    { ip: c.alternateIp, port: c.alternatePort },
  ];
}

/** Why a datagram got no answer; each is counted by the lab server. */
export type StunIgnoreCause =
  /** It arrived on an endpoint that is not one of the server's four. */
  | 'not-ours'
  /** Larger than STUN_SERVER_LIMITS.maxRequestBytes: not read. */
  | 'oversized'
  /** Not one well-framed STUN message (bits, lengths, FINGERPRINT): RFC 8489 §6.3 discards it. */
  | 'malformed'
  /** More than STUN_SERVER_LIMITS.maxAttributes attributes. */
  | 'too-many-attributes'
  /** An indication or a response: never answered (RFC 8489 §6.3). */
  | 'not-request'
  /** A method other than Binding: silently discarded (RFC 8489 §6.3). */
  | 'unsupported-method'
  /** The answer would go to no single host (port 0, 0.0.0.0, broadcast, multicast). */
  | 'unanswerable'
  /** The answer could not be encoded (a bad SOFTWARE in a config that skipped the checks). */
  | 'internal';

/** What to do with one datagram: answer (from which local endpoint, to whom) or ignore (why). */
export type StunServerAction =
  | {
      readonly kind: 'answer';
      readonly from: Endpoint;
      readonly to: Endpoint;
      readonly bytes: Uint8Array;
      readonly summary: string;
    }
  | { readonly kind: 'ignore'; readonly cause: StunIgnoreCause; readonly reason: string };

/**
 * Decides the answer to `bytes` received on `local` from `remote`. Never throws, reads at most
 * STUN_SERVER_LIMITS.maxRequestBytes and maxAttributes (with the lean parse), and answers only
 * to `remote`'s address: to its port, or to the port a RESPONSE-PORT names. An answer is at most
 * the request's size + maxGrowthBytes + the SOFTWARE attribute.
 */
export function answerStun(
  c: StunServerConfig,
  local: Endpoint,
  remote: Endpoint,
  bytes: Uint8Array,
): StunServerAction {
  const ours =
    (local.ip === c.primaryIp || local.ip === c.alternateIp) &&
    (local.port === c.primaryPort || local.port === c.alternatePort);
  if (!ours) {
    return ignore('not-ours', `${local.ip}:${local.port} is not one of this server's endpoints`);
  }
  const { maxRequestBytes, maxAttributes } = STUN_SERVER_LIMITS;
  if (bytes.length > maxRequestBytes) {
    return ignore('oversized', `${bytes.length} bytes, over the ${maxRequestBytes} it reads`);
  }
  if (!answerable(remote)) {
    return ignore('unanswerable', `the source ${remote.ip}:${remote.port} is no single host`);
  }
  const parsed = parseMessage(bytes, { maxAttributes });
  if (!parsed.ok) return answerMalformed(c, local, remote, bytes, parsed.error);
  const req = parsed.value.message;
  if (req.class !== 'request') return ignore('not-request', `not a request (${req.class})`);
  if (req.method !== METHOD.BINDING) {
    return ignore('unsupported-method', `method 0x${req.method.toString(16)} is not Binding`);
  }
  const reply = replier(c, remote, {
    method: req.method,
    transactionId: req.transactionId,
    classic: isClassic(req),
    fingerprint: parsed.value.fingerprint === 'valid',
  });
  const refusal = refuseRequest(req, parsed.value.unknownRequired);
  if (refusal) return reply(refusal.attributes, local, refusal.summary);
  const change = getAttribute(req, 'change-request');
  const responsePort = rawAttribute(req.attributes, RESPONSE_PORT);
  const padding = rawAttribute(req.attributes, PADDING);
  // RFC 5780 §7.5: answer to the source address but this port.
  const to: Endpoint = responsePort
    ? { ip: remote.ip, port: (responsePort[0]! << 8) | responsePort[1]! }
    : remote;
  const otherIp = local.ip === c.primaryIp ? c.alternateIp : c.primaryIp;
  const otherPort = local.port === c.primaryPort ? c.alternatePort : c.primaryPort;
  const from: Endpoint = {
    ip: change?.changeIp ? otherIp : local.ip,
    port: change?.changePort ? otherPort : local.port,
  };
  const mapped = { family: 'ipv4' as const, ip: remote.ip, port: remote.port };
  const other = { family: 'ipv4' as const, ip: otherIp, port: otherPort };
  const origin = { family: 'ipv4' as const, ip: from.ip, port: from.port };
  const attributes: StunAttribute[] = isClassic(req)
    ? [
        { kind: 'mapped-address', address: mapped },
        { kind: 'source-address', address: origin },
        { kind: 'changed-address', address: other },
      ]
    : [
        { kind: 'xor-mapped-address', address: mapped },
        { kind: 'mapped-address', address: mapped },
        { kind: 'response-origin', address: origin },
        { kind: 'other-address', address: other },
      ];
  // RFC 5780 §6.1: a request with PADDING gets PADDING. Of the request's own size, not the
  // MTU the RFC suggests: a small request must not buy a large answer.
  if (padding)
    attributes.push({ kind: 'unknown', type: PADDING, value: new Uint8Array(padding.length) });
  const how =
    change?.changeIp || change?.changePort
      ? ` (changed ${[change.changeIp && 'IP', change.changePort && 'port'].filter(Boolean).join(' and ')})`
      : '';
  return reply(
    attributes,
    from,
    `Binding success to ${to.ip}:${to.port} from ${from.ip}:${from.port}${how}`,
    to,
  );
}
