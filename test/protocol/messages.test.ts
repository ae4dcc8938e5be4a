/**
 * The hub protocol's schemas, table-driven: good client and hub messages parse to themselves, and
 * each bad one is refused with its code and a sentence naming the field, never thrown.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/protocol/errors.ts';
import { parseClientMessage, parseHubMessage } from '../../src/protocol/messages.ts';

const send = {
  template: 'nc-send',
  from: 'alice',
  port: 53333,
  to: { ip: '54.93.229.24', port: 58888 },
  text: 'upd hole',
};
const listen = { template: 'nc-listen', from: 'alice', port: 53333, keep: true, seconds: 30 };
const stun = { template: 'stun-classify', from: 'bob', server: { ip: '127.0.0.1', port: 3478 } };
const packet = {
  id: 1,
  src: { ip: '10.0.0.2', port: 53333 },
  dst: { ip: '54.93.229.24', port: 58888 },
  payload: '75706420686f6c650a',
};

const GOOD_CLIENT: readonly [string, unknown][] = [
  ['hello with a token', { type: 'hello', protocol: 1, token: 'abc' }],
  ['hello without a token (loopback)', { type: 'hello', protocol: 1 }],
  ['hello joining a room', { type: 'hello', protocol: 1, token: 'abc', room: 'pair-07' }],
  ['register', { type: 'register', role: 'bob', nc: { variant: 'openbsd', keep: true } }],
  [
    'register with host',
    { type: 'register', role: 'alice', nc: { variant: 'builtin', keep: true }, host: 'pc-1' },
  ],
  ['subscribe', { type: 'subscribe' }],
  ['nc-send step', { type: 'step', id: 's1', step: send }],
  [
    'nc-send step in Spanish',
    { type: 'step', id: 's1', step: { ...send, text: '¡soy Bob! ¿qué tal?' } },
  ],
  ['nc-listen step', { type: 'step', id: 's2', step: listen }],
  ['stun-classify step', { type: 'step', id: 's3', step: { ...stun, port: 59999, rfc5780: true } }],
  [
    'sent event',
    { type: 'event', request: 's1', event: { type: 'sent', t: 5, node: 'alice', packet } },
  ],
  [
    'delivered event',
    {
      type: 'event',
      event: {
        type: 'delivered',
        t: 5,
        node: 'bob',
        packet,
        socket: { ip: '0.0.0.0', port: 58888 },
      },
    },
  ],
  [
    'command event',
    {
      type: 'event',
      event: { type: 'command', t: 0, actor: 'alice', text: 'nc -klu 53333', step: 0 },
    },
  ],
  [
    'output event',
    {
      type: 'event',
      event: { type: 'output', t: 1, actor: 'bob', text: 'soy Bob', stream: 'stdout' },
    },
  ],
  [
    'observation',
    {
      type: 'event',
      event: {
        type: 'observed',
        t: 1,
        node: 'bob',
        kind: 'step-done',
        request: 's1',
        ok: true,
        code: 0,
      },
    },
  ],
  ['ping', { type: 'ping', id: 'p1' }],
];

const BAD_CLIENT: readonly [string, string, ErrorCode, RegExp][] = [
  ['malformed JSON', '{"type": "hello"', 'bad-json', /not JSON/],
  ['an array', '[1,2]', 'bad-message', /JSON object/],
  ['a string', '"hello"', 'bad-message', /JSON object/],
  ['no type', '{}', 'unknown-type', /none; known: hello/],
  ['unknown type', '{"type":"exec","cmd":"ls"}', 'unknown-type', /"exec"/],
  ['prototype key as type', '{"type":"constructor"}', 'unknown-type', /"constructor"/],
  [
    'hello with extra field',
    '{"type":"hello","protocol":1,"cmd":"id"}',
    'bad-message',
    /cmd is not a field/,
  ],
  [
    'hello with a room that is not a name',
    '{"type":"hello","protocol":1,"room":"a/../b"}',
    'bad-message',
    /room must be 1-32 letters, digits or dashes/,
  ],
  [
    'hello with a numeric token',
    '{"type":"hello","protocol":1,"token":5}',
    'bad-message',
    /token must be a string/,
  ],
  [
    'register as server',
    '{"type":"register","role":"server","nc":{"variant":"openbsd","keep":true}}',
    'bad-message',
    /role must be one of alice, bob/,
  ],
  [
    'register as an unknown nc',
    '{"type":"register","role":"bob","nc":{"variant":"ncat","keep":true}}',
    'bad-message',
    /nc.variant/,
  ],
];

/** A step request with `step` changed. */
const stepText = (step: unknown, id = 'x'): string => JSON.stringify({ type: 'step', id, step });

const BAD_STEPS: readonly [string, unknown, RegExp][] = [
  [
    'a command string as the template',
    { ...send, template: 'sh -c "id"' },
    /step.template must name a template/,
  ],
  ['a command string field', { ...send, cmd: 'rm -rf /' }, /step.cmd is not a field here/],
  [
    'shell in the address',
    { ...send, to: { ip: '127.0.0.1; rm -rf /', port: 9000 } },
    /step.to.ip must be one host's IPv4/,
  ],
  [
    'shell in the port',
    { ...send, to: { ip: '127.0.0.1', port: '9000 && id' } },
    /step.to.port must be a UDP port/,
  ],
  [
    'shell in the text',
    { ...send, text: 'hi"; rm -rf ~; echo "' },
    /step.text must be 1-200 characters/,
  ],
  ['a newline in the text', { ...send, text: 'a\nb' }, /step.text/],
  ['backticks in the text', { ...send, text: '`id`' }, /step.text/],
  ['empty text', { ...send, text: '' }, /step.text/],
  ['text too long', { ...send, text: 'a'.repeat(201) }, /step.text/],
  ['port 0', { ...send, to: { ip: '127.0.0.1', port: 0 } }, /step.to.port/],
  ['port 65536', { ...send, to: { ip: '127.0.0.1', port: 65536 } }, /step.to.port/],
  ['a fractional port', { ...send, port: 53333.5 }, /step.port must be a local UDP port/],
  [
    'a privileged source port',
    { ...send, port: 22 },
    /step.port must be a local UDP port, an integer 1024-65535/,
  ],
  ['broadcast', { ...send, to: { ip: '255.255.255.255', port: 9 } }, /step.to.ip/],
  ['multicast', { ...send, to: { ip: '224.0.0.1', port: 9 } }, /step.to.ip/],
  ['0.0.0.0', { ...send, to: { ip: '0.0.0.0', port: 9 } }, /step.to.ip/],
  ['a hostname', { ...send, to: { ip: 'localhost', port: 9 } }, /step.to.ip/],
  ['an octet out of range', { ...send, to: { ip: '1.2.3.256', port: 9 } }, /step.to.ip/],
  ['role server', { ...send, from: 'server' }, /step.from must be one of alice, bob/],
  [
    'listen too long',
    { ...listen, seconds: 301 },
    /step.seconds must be a whole number of seconds 1-300/,
  ],
  ['listen keep as a string', { ...listen, keep: 'yes' }, /step.keep must be true or false/],
  ['stun without server', { template: 'stun-classify', from: 'bob' }, /step.server/],
  ['no step', undefined, /step/],
];

describe('client messages', () => {
  it.each(GOOD_CLIENT)('accepts %s', (_name, message) => {
    const r = parseClientMessage(JSON.stringify(message));
    expect(r).toEqual({ ok: true, message });
  });

  it.each(BAD_CLIENT)('refuses %s', (_name, text, code, words) => {
    const r = parseClientMessage(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(words);
  });

  it.each(BAD_STEPS)('refuses a step with %s, echoing its id', (_name, step, words) => {
    const r = parseClientMessage(stepText(step, 'req-7'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'bad-step', id: 'req-7' });
    expect(r.error.message).toMatch(/nothing was run/);
    expect(r.error.message).toMatch(words);
  });

  it('refuses events outside the lab TraceEvent schema', () => {
    const bad = [
      { type: 'translated', t: 0, node: 'alice' },
      { type: 'sent', t: -1, node: 'alice', packet },
      { type: 'sent', t: 0, node: 'carol', packet },
      { type: 'sent', t: 0, node: 'alice', packet: { ...packet, payload: 'zz' } },
      { type: 'output', t: 0, actor: 'bob', text: 'x'.repeat(1001), stream: 'stdout' },
    ];
    for (const event of bad) {
      const r = parseClientMessage(JSON.stringify({ type: 'event', event }));
      expect(r.ok ? 'accepted' : r.error.code).toBe('bad-event');
    }
  });
});

describe('hub messages', () => {
  const GOOD_HUB: readonly unknown[] = [
    { type: 'welcome', protocol: 1, clock: 12.5, maxMessageBytes: 16384 },
    { type: 'registered', role: 'alice' },
    {
      type: 'agents',
      agents: [{ role: 'bob', nc: { variant: 'traditional', keep: false }, since: 3 }],
    },
    { type: 'run', id: 's1', step: send },
    { type: 'accepted', id: 's1', role: 'alice' },
    {
      type: 'event',
      from: 'server',
      event: {
        type: 'delivered',
        t: 1,
        node: 'server',
        packet,
        socket: { ip: '0.0.0.0', port: 9000 },
      },
    },
    { type: 'error', code: 'no-agent', message: 'no agent', id: 's1' },
    { type: 'pong', clock: 4 },
  ];
  it.each(GOOD_HUB)('accepts %j', (message) => {
    expect(parseHubMessage(JSON.stringify(message))).toEqual({ ok: true, message });
  });

  it('an agent refuses a run with a command string, as the hub does', () => {
    const r = parseHubMessage(
      JSON.stringify({ type: 'run', id: 's1', step: { ...send, cmd: 'id' } }),
    );
    expect(r.ok ? 'ran' : r.error.code).toBe('bad-step');
  });
});
