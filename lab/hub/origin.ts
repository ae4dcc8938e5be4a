/**
 * Who may connect to the hub: whether an address is loopback (the hub listens on 127.0.0.1
 * unless told otherwise, and anything wider needs a token), and which browser Origins are
 * allowed (the hub's own pages, the simulator's dev server, and any named with --origin).
 * Agents are Node programs and send no Origin; a browser always does.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** True for 127.0.0.0/8, ::1 and "localhost". */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The vite dev server's origins (`npm start`). */
const DEV_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'];

/** This machine's IPv4 addresses (what 0.0.0.0 listens on). */
function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4')
    .map((a) => a!.address);
}

/**
 * The Origins allowed for a hub at `host:port`: its own http origin (each local address for
 * 0.0.0.0, and localhost's on loopback), the dev server's, and `extra` (without a trailing slash).
 */
export function allowedOrigins(host: string, port: number, extra: readonly string[]): Set<string> {
  const hosts = host === '0.0.0.0' ? localAddresses() : [host];
  if (isLoopbackHost(host)) hosts.push('127.0.0.1', 'localhost');
  const own = hosts.map((h) => `http://${h.includes(':') ? `[${h}]` : h}:${port}`);
  return new Set([...own, ...DEV_ORIGINS, ...extra.map((o) => o.replace(/\/+$/, ''))]);
}

/** Why a handshake's Origin is refused, or undefined when it may connect. */
export function originProblem(
  origin: string | undefined,
  allowed: ReadonlySet<string>,
): string | undefined {
  if (origin === undefined) return undefined; // not a browser: an agent or a test client
  if (allowed.has(origin)) return undefined;
  const shown = origin.length > 100 ? `${origin.slice(0, 97)}...` : origin;
  return `Origin ${shown} is not allowed (allowed: ${[...allowed].join(', ')}; add one with --origin)`;
}
