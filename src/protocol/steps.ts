/**
 * The step templates an agent runs: fixed programs with validated parameters, never a command
 * line. A browser asks for `{ template: 'nc-send', from: 'alice', port: 53333, to, text }`; the
 * agent builds the program's arguments itself, and `stepCommandLine` renders what a student would
 * have typed, for the terminal.
 *
 *   nc-send        echo "TEXT" | nc -p PORT -u TO.IP TO.PORT      one datagram from PORT to TO
 *   nc-listen      nc -lu PORT   (nc -klu PORT with keep)          print what arrives, SECONDS long
 *   stun-classify  pystun -H SERVER.IP -P SERVER.PORT [-p PORT]     the NAT type, from a STUN server
 */
import * as v from 'valibot';
import {
  ChatTextSchema,
  EndpointSchema,
  LocalPortSchema,
  RoleSchema,
  secondsSchema,
} from './fields.ts';
import type { AgentRole } from './fields.ts';

/** The longest a listening step may run. */
export const MAX_LISTEN_SECONDS = 300;

/** One datagram with TEXT and a newline from `from`'s PORT to TO, as `echo TEXT | nc -p -u` does. */
export const NcSendSchema = v.strictObject(
  {
    template: v.literal('nc-send'),
    from: RoleSchema,
    port: LocalPortSchema,
    to: EndpointSchema,
    text: ChatTextSchema,
  },
  'must be { template: "nc-send", from, port, to: { ip, port }, text }',
);

/** Listen on PORT for SECONDS and print each datagram; `keep` (-k) answers anyone, not just the first. */
export const NcListenSchema = v.strictObject(
  {
    template: v.literal('nc-listen'),
    from: RoleSchema,
    port: LocalPortSchema,
    keep: v.boolean('must be true or false'),
    seconds: secondsSchema(MAX_LISTEN_SECONDS),
  },
  'must be { template: "nc-listen", from, port, keep, seconds }',
);

/** Classify the NAT against a STUN server (RFC 3489 as pystun does, or RFC 5780 behaviour). */
export const StunClassifySchema = v.strictObject(
  {
    template: v.literal('stun-classify'),
    from: RoleSchema,
    server: EndpointSchema,
    port: v.optional(LocalPortSchema),
    rfc5780: v.optional(v.boolean('must be true or false')),
  },
  'must be { template: "stun-classify", from, server: { ip, port }, port?, rfc5780? }',
);

/** The template names. */
export const STEP_TEMPLATES = ['nc-send', 'nc-listen', 'stun-classify'] as const;
export type StepTemplate = (typeof STEP_TEMPLATES)[number];

/** Any step, by its `template`. */
export const StepSchema = v.variant(
  'template',
  [NcSendSchema, NcListenSchema, StunClassifySchema],
  `must name a template: ${STEP_TEMPLATES.join(', ')}`,
);

export type NcSendStep = v.InferOutput<typeof NcSendSchema>;
export type NcListenStep = v.InferOutput<typeof NcListenSchema>;
export type StunClassifyStep = v.InferOutput<typeof StunClassifySchema>;
/** A validated step request. */
export type Step = v.InferOutput<typeof StepSchema>;

/** Which agent runs the step. */
export function stepRole(step: Step): AgentRole {
  return step.from;
}

/** What a student would have typed for this step (the terminal's command line). */
export function stepCommandLine(step: Step): string {
  switch (step.template) {
    case 'nc-send':
      return `echo "${step.text}" | nc -p ${step.port} -u ${step.to.ip} ${step.to.port}`;
    case 'nc-listen':
      return `nc -${step.keep ? 'k' : ''}lu ${step.port}`;
    case 'stun-classify': {
      const port = step.port === undefined ? '' : ` -p ${step.port}`;
      const mode = step.rfc5780 ? ' --rfc5780' : '';
      return `pystun -H ${step.server.ip} -P ${step.server.port}${port}${mode}`;
    }
    default: {
      const never: never = step;
      return never;
    }
  }
}
