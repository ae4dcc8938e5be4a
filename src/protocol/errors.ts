/**
 * The hub protocol's error codes with one sentence each, its version and its limits: what a
 * hub, an agent or a browser answers when a message is refused, so all three word it the same.
 */

/** The protocol version a `hello` must name. */
export const PROTOCOL_VERSION = 1;

/** Limits every hub enforces (and tells clients in `welcome`). */
export const LIMITS = {
  /** Largest message the hub reads (bytes); a larger one is refused with `too-large`. */
  maxMessageBytes: 16 * 1024,
  /** Larger frames than this close the connection (ws close code 1009). */
  maxFrameBytes: 1024 * 1024,
  /** Messages per second a connection may send on average, and in a burst. */
  ratePerSecond: 50,
  burst: 100,
  /** Agents stream events: their allowance is this many times larger. */
  agentRateFactor: 20,
  /** Wrong tokens before the hub closes the connection. */
  maxBadTokens: 3,
  /** A connection must say hello within this many ms. */
  helloTimeoutMs: 10_000,
  /** Steps one agent runs at once. */
  maxRunningSteps: 8,
} as const;

/** Why a message was refused or a request failed. */
export type ErrorCode =
  | 'bad-json'
  | 'too-large'
  | 'unknown-type'
  | 'bad-message'
  | 'bad-step'
  | 'bad-event'
  | 'bad-protocol'
  | 'bad-address'
  | 'unauthorized'
  | 'not-authenticated'
  | 'not-allowed'
  | 'rate-limited'
  | 'no-agent'
  | 'busy'
  | 'replaced'
  | 'step-failed';

/** One sentence per code, for people. */
export const ERROR_TEXT: Readonly<Record<ErrorCode, string>> = {
  'bad-json': 'the message is not JSON',
  'too-large': `the message is larger than ${LIMITS.maxMessageBytes} bytes`,
  'unknown-type': 'the message type is not one this hub knows',
  'bad-message': 'a field of the message is missing or wrong',
  'bad-step': 'the step is not a known template with valid parameters; nothing was run',
  'bad-event': 'the event is not in the lab TraceEvent schema',
  'bad-protocol': `this hub speaks protocol ${PROTOCOL_VERSION}`,
  'bad-address':
    'an address the agent claimed as its LAN side is not a LAN address; nothing was registered',
  unauthorized: 'wrong token',
  'not-authenticated': 'say hello with the token first',
  'not-allowed': 'this connection may not send that message',
  'rate-limited': 'too many messages; some were dropped',
  'no-agent': 'no agent is connected for that role',
  busy: 'the agent is running as many steps as it may',
  replaced: 'another agent registered for this role',
  'step-failed': 'the step could not run',
};
