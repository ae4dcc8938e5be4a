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
import { sameEndpoint } from '../endpoint.ts';
import { getAttribute } from './attributes.ts';
import type { StunAttribute } from './attributes.ts';
import { decodeMessage } from './decode.ts';
import { encodeMessage } from './encode.ts';
import { isClassic, METHOD } from './message.ts';

/** RFC 5780 attributes the server understands although the codec keeps them raw. */
const RESPONSE_PORT = 0x0027;
const PADDING = 0x0026;

/** The value of the first raw attribute of `type`, if any. */
function rawAttribute(attributes: readonly StunAttribute[], type: number): Uint8Array | undefined {
  const a = attributes.find((x) => x.kind === 'unknown' && x.type === type);
  return a?.kind === 'unknown' ? a.value : undefined;
}

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

/** What to do with one datagram: answer (from which local endpoint, to whom) or ignore (why). */
export type StunServerAction =
  | {
      readonly kind: 'answer';
      readonly from: Endpoint;
      readonly to: Endpoint;
      readonly bytes: Uint8Array;
      readonly summary: string;
    }
  | { readonly kind: 'ignore'; readonly reason: string };

/** Decides the answer to `bytes` received on `local` from `remote`. Never throws. */
export function answerStun(
  c: StunServerConfig,
  local: Endpoint,
  remote: Endpoint,
  bytes: Uint8Array,
): StunServerAction {
  if (!serverEndpoints(c).some((e) => sameEndpoint(e, local))) {
    return {
      kind: 'ignore',
      reason: `${local.ip}:${local.port} is not one of this server's endpoints`,
    };
  }
  const decoded = decodeMessage(bytes);
  if (!decoded.ok)
    return { kind: 'ignore', reason: `malformed STUN message: ${decoded.error.message}` };
  const req = decoded.value.message;
  if (req.class !== 'request') return { kind: 'ignore', reason: `not a request (${req.class})` };
  const classic = isClassic(req);
  const respond = (
    cls: 'success' | 'error',
    attributes: StunAttribute[],
    from: Endpoint,
    summary: string,
    to: Endpoint = remote,
  ): StunServerAction => {
    const out = encodeMessage({
      class: cls,
      method: req.method,
      transactionId: req.transactionId,
      attributes:
        c.software === undefined
          ? attributes
          : [...attributes, { kind: 'software', value: c.software }],
      fingerprint: !classic && decoded.value.fingerprint === 'valid',
    });
    if (!out.ok)
      return { kind: 'ignore', reason: `could not encode the answer: ${out.error.message}` };
    return { kind: 'answer', from, to, bytes: out.value, summary };
  };
  const types = decoded.value.unknownRequired.filter((t) => t !== RESPONSE_PORT && t !== PADDING);
  if (types.length > 0) {
    return respond(
      'error',
      [
        { kind: 'error-code', code: 420, reason: 'Unknown Attribute' },
        { kind: 'unknown-attributes', types },
      ],
      local,
      `420 Unknown Attribute (${types.map((t) => `0x${t.toString(16).padStart(4, '0')}`).join(', ')})`,
    );
  }
  if (req.method !== METHOD.BINDING) {
    return respond(
      'error',
      [{ kind: 'error-code', code: 400, reason: 'Bad Request' }],
      local,
      `400: method ${req.method} is not Binding`,
    );
  }
  const change = getAttribute(req, 'change-request');
  const responsePort = rawAttribute(req.attributes, RESPONSE_PORT);
  const padding = rawAttribute(req.attributes, PADDING);
  if (responsePort && responsePort.length !== 4) {
    return respond(
      'error',
      [{ kind: 'error-code', code: 400, reason: 'Bad Request' }],
      local,
      '400: RESPONSE-PORT must be 4 bytes',
    );
  }
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
  const attributes: StunAttribute[] = classic
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
        // RFC 5780 §7.6: a request with PADDING gets a PADDING of the same size.
        ...(padding
          ? [{ kind: 'unknown' as const, type: PADDING, value: new Uint8Array(padding.length) }]
          : []),
      ];
  const how =
    change?.changeIp || change?.changePort
      ? ` (changed ${[change.changeIp && 'IP', change.changePort && 'port'].filter(Boolean).join(' and ')})`
      : '';
  return respond(
    'success',
    attributes,
    from,
    `Binding success to ${to.ip}:${to.port} from ${from.ip}:${from.port}${how}`,
    to,
  );
}
