/**
 * The real server's fast path for its commonest datagram: a plain Binding request (RFC 5389
 * header with the magic cookie, 20 bytes, no attributes). Its answer depends only on the local
 * endpoint, the transaction id and the source address, so it is the answer the shared
 * `answerStun` gave for one such request, kept as a template per local endpoint and patched: the
 * transaction id, MAPPED-ADDRESS and XOR-MAPPED-ADDRESS. Each template is checked against
 * `answerStun` for a second source and id when it is made; if the two differ (the server logic
 * changed), that endpoint keeps the slow path. Every other datagram, and a source that is no
 * single host, goes to `answerStun` as before, so every bound and refusal is its.
 *
 *   request  00 01 00 00 | 21 12 a4 42 | id (12)              nothing else
 *   answer   template(local) with id, MAPPED (port, ip) and XOR-MAPPED (port ^ 2112, ip ^ cookie)
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { answerable } from '../../src/model/stun/server-reply.ts';
import { answerStun } from '../../src/model/stun/server.ts';
import type { StunServerConfig } from '../../src/model/stun/server.ts';

const COOKIE = 0x2112a442;
const XOR_MAPPED_ADDRESS = 0x0020;
const MAPPED_ADDRESS = 0x0001;

interface Template {
  readonly bytes: Buffer;
  /** Offsets of the two address values (after type and length). */
  readonly mapped: number;
  readonly xorMapped: number;
}

/** True for a 20-byte Binding request with the magic cookie and no attributes. */
export function isPlainBinding(b: Uint8Array): boolean {
  return (
    b.length === 20 &&
    b[0] === 0x00 &&
    b[1] === 0x01 &&
    b[2] === 0x00 &&
    b[3] === 0x00 &&
    b[4] === 0x21 &&
    b[5] === 0x12 &&
    b[6] === 0xa4 &&
    b[7] === 0x42
  );
}

const plainRequest = (id: number): Buffer => {
  const b = Buffer.alloc(20);
  b.writeUInt32BE(0x00010000, 0);
  b.writeUInt32BE(COOKIE, 4);
  b.writeUInt32BE(id, 16);
  return b;
};

/** Writes the source (`port`, its address as the number `ip`) into `out`, and the request's id. */
function patch(t: Template, out: Buffer, request: Uint8Array, port: number, ip: number): Buffer {
  // Twelve bytes copied one by one: a subarray would be one more object per answer.
  for (let i = 8; i < 20; i++) out[i] = request[i]!;
  out.writeUInt16BE(port, t.mapped + 2);
  out.writeUInt32BE(ip, t.mapped + 4);
  out.writeUInt16BE(port ^ (COOKIE >>> 16), t.xorMapped + 2);
  out.writeUInt32BE((ip ^ COOKIE) >>> 0, t.xorMapped + 4);
  return out;
}

/** A fresh copy of the template's bytes, to patch. */
const copyOf = (t: Template): Buffer => {
  const out = Buffer.allocUnsafe(t.bytes.length);
  out.set(t.bytes);
  return out;
};

/** Finds the address attributes of an IPv4 answer; undefined when the layout is not that. */
function templateOf(bytes: Uint8Array): Template | undefined {
  const b = Buffer.from(bytes);
  let mapped = -1;
  let xorMapped = -1;
  for (let at = 20; at + 4 <= b.length;) {
    const type = b.readUInt16BE(at);
    const length = b.readUInt16BE(at + 2);
    if (type === MAPPED_ADDRESS && length === 8 && b[at + 5] === 1) mapped = at + 4;
    if (type === XOR_MAPPED_ADDRESS && length === 8 && b[at + 5] === 1) xorMapped = at + 4;
    at += 4 + ((length + 3) & ~3);
  }
  return mapped < 0 || xorMapped < 0 ? undefined : { bytes: b, mapped, xorMapped };
}

/** Builds the template for `local`, or null when patching would not give answerStun's bytes. */
function makeTemplate(c: StunServerConfig, local: Endpoint): Template | null {
  const first = answerStun(c, local, { ip: '192.0.2.1', port: 1 }, plainRequest(1));
  if (first.kind !== 'answer' || first.from.ip !== local.ip || first.from.port !== local.port)
    return null;
  const t = templateOf(first.bytes);
  if (!t) return null;
  const remote = { ip: '198.51.100.254', port: 65_000 };
  const request = plainRequest(0xfedcba98);
  request.writeUInt32BE(0x01234567, 8);
  const check = answerStun(c, local, remote, request);
  const patched = patch(t, copyOf(t), request, remote.port, unicastNumber(remote.ip)!);
  return check.kind === 'answer' && patched.equals(check.bytes) ? t : null;
}

/** A source address as a number when it is one host (answerable), else null; remembered. */
const sources = new Map<string, number | null>();
/** The last source asked about and its answer: a server mostly hears the same client again. */
let lastIp = '';
let lastNumber: number | null = null;
function unicastNumber(ip: string): number | null {
  if (ip === lastIp) return lastNumber;
  let n = sources.get(ip);
  if (n === undefined) {
    const parts = ip.split('.');
    n =
      answerable({ ip, port: 1 }) && parts.length === 4
        ? ((+parts[0]! << 24) | (+parts[1]! << 16) | (+parts[2]! << 8) | +parts[3]!) >>> 0
        : null;
    // A server answers the same few sources again and again; bounded all the same.
    if (sources.size >= 1024) sources.clear();
    sources.set(ip, n);
  }
  lastIp = ip;
  lastNumber = n;
  return n;
}

/**
 * The fast path of a server with config `c`: the answer to a plain Binding request from
 * `ip:port` on `local` (sent from `local`, to `ip:port`), or undefined to ask answerStun. Each
 * answer is a new buffer (node:dgram may still hold the last one in its send queue).
 */
export function fastAnswerer(
  c: StunServerConfig,
): (local: Endpoint, ip: string, port: number, request: Uint8Array) => Buffer | undefined {
  const templates = new Map<Endpoint, Template | null>();
  return (local, ip, port, request) => {
    if (!isPlainBinding(request)) return undefined;
    const n = unicastNumber(ip);
    if (n === null || !(Number.isInteger(port) && port > 0 && port < 65_536)) return undefined;
    let t = templates.get(local);
    if (t === undefined) {
      t = makeTemplate(c, local);
      templates.set(local, t);
    }
    return t === null ? undefined : patch(t, copyOf(t), request, port, n);
  };
}
