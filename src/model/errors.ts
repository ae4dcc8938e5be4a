/**
 * Typed errors of the model: every failure the model reports is a ModelError with a code,
 * so callers (UI, CLI, lab) can branch on the code and show the message as is.
 */

/** Every code a ModelError can carry. */
export type ModelErrorCode =
  | 'bad-ip'
  | 'bad-port'
  | 'bad-endpoint'
  | 'bad-prefix'
  | 'bad-policy'
  | 'bad-topology'
  | 'bad-scenario'
  | 'bad-command'
  | 'bad-option'
  | 'port-in-use'
  | 'socket-closed'
  | 'no-such-node'
  | 'no-such-step';

/** An error raised by the model, with a machine-readable code and a human message. */
export class ModelError extends Error {
  readonly code: ModelErrorCode;
  constructor(code: ModelErrorCode, message: string) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
  }
}
