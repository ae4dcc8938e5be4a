/**
 * How the STUN server words its answers: the checks that turn a Binding request into an error
 * response (420 for attributes it will not process, 400 for RFC 5780 misuse and malformed
 * values) and the encoding of every answer, with SOFTWARE and FINGERPRINT, to a single host.
 *
 *   rule                                        answer                      where
 *   unknown comprehension-required attribute    420 + UNKNOWN-ATTRIBUTES    RFC 8489 §6.3.1
 *   RESPONSE-ADDRESS (0x0002): not honoured     420 + UNKNOWN-ATTRIBUTES    RFC 5389 dropped it
 *   RESPONSE-PORT not 4 bytes, or port 0        400 Bad Request             RFC 5780 §7.5
 *   RESPONSE-PORT together with PADDING         400 Bad Request             RFC 5780 §6.1
 *   a known attribute with a malformed value    400 Bad Request             RFC 8489 §14.8
 */
import type { Endpoint } from '../endpoint.ts';
import type { StunAttribute } from './attributes.ts';
import { getAttribute } from './attributes.ts';
import { encodeMessage } from './encode.ts';
import { readHeader } from './header.ts';
import { ipv4Kind } from './ip.ts';
import { METHOD, splitMessageType } from './message.ts';
import type { StunMessage } from './message.ts';
import { hex16 } from './registry.ts';
import type { StunError } from './result.ts';
import type { StunIgnoreCause, StunServerAction, StunServerConfig } from './server.ts';

/** RFC 5780 attributes the server understands although the codec keeps them raw. */
export const RESPONSE_PORT = 0x0027;
export const PADDING = 0x0026;
/** RFC 3489's RESPONSE-ADDRESS: answering there would reflect traffic anywhere; refused. */
const RESPONSE_ADDRESS = 0x0002;

/** An ignore action. */
export const ignore = (cause: StunIgnoreCause, reason: string): StunServerAction => ({
  kind: 'ignore',
  cause,
  reason,
});

/** True when a datagram can be sent to `e`: one host, a port 1-65535. */
export function answerable(e: Endpoint): boolean {
  return ipv4Kind(e.ip) === 'unicast' && Number.isInteger(e.port) && e.port > 0 && e.port < 65536;
}

/** The value of the first raw attribute of `type`, if any. */
export function rawAttribute(
  attributes: readonly StunAttribute[],
  type: number,
): Uint8Array | undefined {
  const a = attributes.find((x) => x.kind === 'unknown' && x.type === type);
  return a?.kind === 'unknown' ? a.value : undefined;
}

/** The attributes and -v summary of an error answer. */
export interface Refusal {
  readonly attributes: StunAttribute[];
  readonly summary: string;
}

const badRequest = (why: string): Refusal => ({
  attributes: [{ kind: 'error-code', code: 400, reason: 'Bad Request' }],
  summary: `400 Bad Request: ${why}`,
});

/** The error answer a Binding request gets before any processing, or undefined to go on. */
export function refuseRequest(
  req: StunMessage,
  unknownRequired: readonly number[],
): Refusal | undefined {
  const unknown = new Set(unknownRequired.filter((t) => t !== RESPONSE_PORT && t !== PADDING));
  if (getAttribute(req, 'response-address')) unknown.add(RESPONSE_ADDRESS);
  if (unknown.size > 0) {
    const types = [...unknown];
    return {
      attributes: [
        { kind: 'error-code', code: 420, reason: 'Unknown Attribute' },
        { kind: 'unknown-attributes', types },
      ],
      summary: `420 Unknown Attribute (${types.map(hex16).join(', ')})`,
    };
  }
  const responsePort = rawAttribute(req.attributes, RESPONSE_PORT);
  if (responsePort === undefined) return undefined;
  if (responsePort.length !== 4) {
    return badRequest(`RESPONSE-PORT is 4 bytes, got ${responsePort.length}`);
  }
  if (responsePort[0] === 0 && responsePort[1] === 0) {
    return badRequest('RESPONSE-PORT 0 names no port to answer to');
  }
  if (rawAttribute(req.attributes, PADDING)) {
    return badRequest('RESPONSE-PORT together with PADDING (RFC 5780 §6.1)');
  }
  return undefined;
}

/** What an answer echoes from its request. */
interface Echo {
  readonly method: number;
  readonly transactionId: Uint8Array;
  readonly classic: boolean;
  /** The request had a valid FINGERPRINT, so the answer gets one (RFC 8489 §7.3). */
  readonly fingerprint: boolean;
}

/** Returns the function that encodes an answer to `req` into an action. */
export function replier(
  c: StunServerConfig,
  remote: Endpoint,
  req: Echo,
): (
  attributes: StunAttribute[],
  from: Endpoint,
  summary: string,
  to?: Endpoint,
) => StunServerAction {
  return (attributes, from, summary, to = remote) => {
    if (!answerable(to)) return ignore('unanswerable', `${to.ip}:${to.port} is no single host`);
    const out = encodeMessage({
      class: attributes[0]?.kind === 'error-code' ? 'error' : 'success',
      method: req.method,
      transactionId: req.transactionId,
      attributes:
        c.software === undefined
          ? attributes
          : [...attributes, { kind: 'software', value: c.software }],
      fingerprint: !req.classic && req.fingerprint,
    });
    if (!out.ok) return ignore('internal', `could not encode the answer: ${out.error.message}`);
    return { kind: 'answer', from, to, bytes: out.value, summary };
  };
}

/**
 * What a datagram the lean parse rejected gets: a 400 when it is a well-framed Binding request
 * whose attribute value is malformed (the client can learn from it), else nothing, counted.
 */
export function answerMalformed(
  c: StunServerConfig,
  local: Endpoint,
  remote: Endpoint,
  bytes: Uint8Array,
  error: StunError,
): StunServerAction {
  if (error.code === 'too-many-attributes') return ignore('too-many-attributes', error.message);
  const header = readHeader(bytes);
  if (header.ok && (error.code === 'bad-attribute' || error.code === 'bad-family')) {
    const { class: cls, method } = splitMessageType(header.value.type);
    if (cls === 'request' && method === METHOD.BINDING) {
      const { classic } = header.value;
      // A copy: the bytes may be a Buffer, whose slice would be a view.
      const transactionId = new Uint8Array(bytes.subarray(classic ? 4 : 8, 20));
      const refusal = badRequest(error.message);
      return replier(c, remote, { method, transactionId, classic, fingerprint: false })(
        refusal.attributes,
        local,
        refusal.summary,
      );
    }
  }
  return ignore('malformed', `malformed STUN message: ${error.message}`);
}
