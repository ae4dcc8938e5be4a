/**
 * Which refusals end a lab machine's link to the hub for good, in a sentence naming the fix: an
 * HTTP answer instead of a WebSocket handshake (a wrong path, 401, 403, a web server that is not
 * the hub) and the hub's own errors for a wrong token, another protocol version, a LAN claim that
 * is not a LAN address, or another agent taking the role. Everything else (connection refused or
 * reset, timeouts, HTTP 5xx, 408, 429) may pass by itself, so the link tries again.
 */
import type { ErrorCode } from '../../src/protocol/errors.ts';
import { TOKEN_ENV } from './token.ts';

/** HTTP statuses that may pass by themselves: the hub restarting, busy or behind a proxy. */
function transient(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** The sentence for an HTTP `status` answering the handshake to `hub`; undefined: try again. */
export function httpRefusal(status: number, statusText: string, hub: string): string | undefined {
  if (transient(status)) return undefined;
  const answered = `the hub at ${hub} answered HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  let path = '/';
  try {
    path = new URL(hub).pathname;
  } catch {
    // the caller checked the URL
  }
  if (status === 400 || status === 404) {
    return `${answered}: nothing takes WebSocket connections at ${path}; use the hub URL \`agujero server\` printed, ending in /hub`;
  }
  if (status === 401) {
    return `${answered} (not authorized): use the token \`agujero server\` printed (${TOKEN_ENV}=... or --token-file PATH)`;
  }
  if (status === 403) {
    return `${answered} (forbidden): the hub refused this connection's Origin; connect without one, or start the server with --origin naming it`;
  }
  return `${answered} instead of a WebSocket handshake: is it the hub URL \`agujero server\` printed, ws://HOST:PORT/hub?`;
}

/** What the link is, for the sentences. */
interface Who {
  readonly role: string;
  readonly token?: string | undefined;
}

/** The sentence for a hub error that ends the link; undefined: it does not. */
export function refusalText(code: ErrorCode, message: string, who: Who): string | undefined {
  switch (code) {
    case 'unauthorized':
      return who.token === undefined
        ? `the hub needs a token: set ${TOKEN_ENV}=TOKEN or --token-file PATH with the token \`agujero server\` printed`
        : `the hub refused the token: use the one \`agujero server\` printed (${TOKEN_ENV}=TOKEN or --token-file PATH)`;
    case 'bad-protocol':
      return `the hub speaks another protocol version (${message}): run the same agujero version as the server`;
    case 'bad-address':
      return `the hub refused this machine's LAN addresses (${message})`;
    case 'replaced':
      return `another ${who.role} agent connected to the hub (only one ${who.role} per room); use --room to run another pair`;
    default:
      return undefined;
  }
}
