/**
 * The tiny shell of the simulated terminals: splits a command line into words (with quotes),
 * understands `echo TEXT | program ...` as stdin, `^C`, and `${name}` substitution.
 */
import { refuse } from './command-error.ts';

/** A parsed command line. */
export type CommandLine =
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'run'; readonly argv: readonly string[]; readonly stdin: string | undefined };

/** Splits a line into words, honouring '…' and "…" quotes and backslash escapes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) refuse({ kind: 'unterminated-quote', value: quote, line });
  if (inWord) words.push(cur);
  return words;
}

/** The characters of a `${name}`; anything else between `${` and `}` is not substituted. */
const NAME = '([A-Za-z0-9_.-]+)';
const VARIABLE = new RegExp(`\\$\\{${NAME}\\}`, 'g');
const WHOLE_VARIABLE = new RegExp(`^\\$\\{${NAME}\\}$`);

/** Replaces `${name}` with vars[name]; throws a CommandError for unknown names. */
export function substitute(line: string, vars: Readonly<Record<string, string>>): string {
  return line.replace(VARIABLE, (_, name: string) => {
    const v = vars[name];
    if (v === undefined)
      refuse({ kind: 'unknown-variable', value: name, names: Object.keys(vars) });
    return v;
  });
}

/** One `${…}` as written in a line. */
export interface Reference {
  /** The text from `${` to its `}` (or to the end of the line when it has none). */
  readonly text: string;
  /** The name substitute() looks up, or undefined when it would leave the text as is. */
  readonly name: string | undefined;
}

/** Every `${…}` in a line, well-formed or not, in order. */
export function references(line: string): Reference[] {
  return [...line.matchAll(/\$\{[^}]*\}?/g)].map(([text]) => ({
    text,
    name: WHOLE_VARIABLE.exec(text)?.[1],
  }));
}

/** Parses one command line: `^C`, `prog args`, or `echo TEXT | prog args`. */
export function parseCommandLine(line: string): CommandLine {
  const trimmed = line.trim();
  if (trimmed === '') refuse({ kind: 'empty-command' });
  if (trimmed === '^C') return { kind: 'interrupt' };
  const parts = splitPipe(trimmed);
  if (parts.length > 2) refuse({ kind: 'too-many-pipes', line: trimmed });
  if (parts.length === 2) {
    const left = splitWords(parts[0] as string);
    if (left[0] !== 'echo') refuse({ kind: 'pipe-not-echo', line: trimmed });
    const right = splitWords(parts[1] as string);
    if (right.length === 0) refuse({ kind: 'nothing-after-pipe', line: trimmed });
    const noNewline = left[1] === '-n';
    const text = left.slice(noNewline ? 2 : 1).join(' ');
    return { kind: 'run', argv: right, stdin: noNewline ? text : `${text}\n` };
  }
  return { kind: 'run', argv: splitWords(trimmed), stdin: undefined };
}

/** Splits on `|` outside quotes. */
function splitPipe(line: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '|') {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts;
}
