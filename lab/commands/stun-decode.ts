/**
 * `npm run lab -- stun decode HEX...`: decodes one STUN message and prints every annotated field
 * as an indented tree (offset, length, label, value, RFC section, raw bytes), or says exactly
 * which character of the hex or which byte of the message is wrong.
 */
import { bytesToHex, decodeMessage, describeMessageType } from '../../src/model/stun/index.ts';
import type { Annotation, DecodedMessage } from '../../src/model/stun/index.ts';
import type { CommandIo, LabCommand } from './command.ts';
import { EXIT, UsageError, parseFlags, PROG } from './command.ts';

const HELP = `usage: ${PROG} stun decode HEX...

Decode one STUN message (RFC 3489 or RFC 5389/8489) and print each header field and attribute,
with its sub-fields, as a tree:
  OFFSET LENGTH  Label: value  [RFC section]
                 raw bytes

HEX may be split over several arguments and contain spaces, colons, dashes and a leading 0x,
so hex dumps from RFCs and Wireshark paste as they are.

examples:
  ${PROG} stun decode 000100002112a442b7e7a701bc34d686fa87dfae
  ${PROG} stun decode "00 01 00 00 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae"

Exit status: 0 decoded, 1 not a well-formed STUN message (the error names the byte offset),
2 bad hex or a bad command line.
`;

/** Longest raw dump printed for a field that has sub-fields (the sub-fields show the rest). */
const PARENT_RAW_BYTES = 16;
/** Bytes per raw line for leaves. */
const RAW_LINE_BYTES = 16;

/** Parses hex text like `hexToBytes`, but says which character is wrong. */
export function parseHex(text: string): Uint8Array {
  const body = text.trim().replace(/^0x/i, '');
  const digits: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (/[0-9a-fA-F]/.test(c)) digits.push(c);
    else if (!/[\s:-]/.test(c)) {
      throw new UsageError(
        'stun decode',
        `not hex: ${JSON.stringify(c)} at character ${i + 1} of ${JSON.stringify(excerpt(body, i))}`,
      );
    }
  }
  if (digits.length === 0) throw new UsageError('stun decode', 'no hex digits given');
  if (digits.length % 2 !== 0) {
    throw new UsageError(
      'stun decode',
      `odd number of hex digits (${digits.length}): every byte needs two`,
    );
  }
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits[2 * i]! + digits[2 * i + 1]!, 16);
  return out;
}

function excerpt(text: string, at: number): string {
  const from = Math.max(0, at - 10);
  return `${from > 0 ? '...' : ''}${text.slice(from, at + 10)}${at + 10 < text.length ? '...' : ''}`;
}

/** Raw bytes as grouped hex lines. */
function rawLines(raw: Uint8Array, limit: number | undefined): string[] {
  const shown = limit === undefined ? raw : raw.subarray(0, limit);
  const lines: string[] = [];
  for (let i = 0; i < shown.length; i += RAW_LINE_BYTES) {
    lines.push(bytesToHex(shown.subarray(i, i + RAW_LINE_BYTES), ' '));
  }
  if (shown.length < raw.length) lines[lines.length - 1] += ` ... (${raw.length} bytes)`;
  return lines;
}

/** Prints the annotation tree. */
export function formatAnnotations(annotations: readonly Annotation[]): string {
  const out: string[] = [];
  const walk = (list: readonly Annotation[], depth: number): void => {
    for (const a of list) {
      const indent = '  '.repeat(depth);
      const where = `${String(a.offset).padStart(5)} ${String(a.length).padStart(4)}  `;
      const note = a.note ? `  (${a.note})` : '';
      out.push(`${where}${indent}${a.label}: ${a.text}  [${a.rfc}]${note}`);
      const pad = ' '.repeat(where.length) + indent + '  ';
      if (a.mask !== undefined) {
        out.push(
          `${pad}bits 0x${a.mask.toString(16).padStart(a.length * 2, '0')} of ${bytesToHex(a.raw, ' ')}`,
        );
      } else {
        const limit = a.children.length > 0 ? PARENT_RAW_BYTES : undefined;
        for (const line of rawLines(a.raw, limit)) out.push(`${pad}${line}`);
      }
      walk(a.children, depth + 1);
    }
  };
  walk(annotations, 0);
  return out.map((l) => `${l}\n`).join('');
}

/** The summary line above the tree. */
export function formatSummary(d: DecodedMessage): string {
  const kind = d.classic ? 'RFC 3489 (classic)' : 'RFC 5389/8489';
  const fp = d.fingerprint === 'absent' ? 'no FINGERPRINT' : `FINGERPRINT ${d.fingerprint}`;
  const unknown =
    d.unknownRequired.length > 0
      ? `, unknown comprehension-required attributes: ${d.unknownRequired.map((t) => `0x${t.toString(16).padStart(4, '0')}`).join(', ')}`
      : '';
  return `${describeMessageType(d.type)}, ${kind}, ${d.bytes.length} bytes, ${d.attributes.length} attributes, ${fp}${unknown}\n`;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseFlags(
    'stun decode',
    argv,
    { help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('stun decode', 'give the message as HEX');
  const bytes = parseHex(positionals.join(' '));
  const decoded = decodeMessage(bytes, { fingerprint: 'flag' });
  if (!decoded.ok) {
    const { code, offset, message } = decoded.error;
    io.err(
      `stun decode: not a well-formed STUN message: ${message} (${code} at byte ${offset} of ${bytes.length})\n`,
    );
    return EXIT.failure;
  }
  io.out(formatSummary(decoded.value));
  io.out('  off  len  field: value  [RFC section]  (note)\n');
  io.out(formatAnnotations(decoded.value.annotations));
  return EXIT.ok;
}

/** The `stun decode` subcommand (reached through `stun`). */
export const stunDecodeCommand: LabCommand = {
  name: 'stun decode',
  help: HELP,
  run,
};
