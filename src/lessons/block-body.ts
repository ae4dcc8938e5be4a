/**
 * The bodies of the blocks whose body is not plain markdown: a predict block's question and
 * options (`- VALUE: label` with indented explanation lines) and a terminal block's
 * `ACTOR$ command` lines. Each part keeps its 1-based source line for error messages.
 */

/** Markdown text with the file line it starts at. */
export interface Located {
  readonly text: string;
  readonly line: number;
}

/** A predict option before rendering. */
export interface RawOption {
  readonly value: string;
  readonly label: Located;
  readonly explanation: Located;
}

/** A problem at a line. */
export interface BodyError {
  readonly line: number;
  readonly message: string;
}

const OPTION = /^- (?:"([^"]+)"|([^\s:"]+)):\s*(.*)$/;

/** Removes the common indentation of lines. */
function dedent(lines: readonly string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/**
 * Splits a predict body (`lines`, the first at file line `first`) into the question and options.
 */
export function parsePredictBody(
  lines: readonly string[],
  first: number,
): { question: Located; options: RawOption[]; errors: BodyError[] } {
  const errors: BodyError[] = [];
  const start = lines.findIndex((l) => l.startsWith('- '));
  const questionLines = start < 0 ? lines : lines.slice(0, start);
  const question = { text: questionLines.join('\n').trim(), line: first };
  if (question.text === '') errors.push({ line: first, message: 'predict: the question is empty' });
  const options: RawOption[] = [];
  if (start < 0) {
    errors.push({ line: first, message: 'predict: no options (lines "- VALUE: label")' });
    return { question, options, errors };
  }
  let i = start;
  while (i < lines.length) {
    const text = lines[i] as string;
    const line = first + i;
    const m = OPTION.exec(text);
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).startsWith('- ')) {
      const l = lines[j] as string;
      if (l.trim() !== '' && !/^\s/.test(l)) break;
      j++;
    }
    if (!m) {
      errors.push({ line, message: `predict: an option is "- VALUE: label", got "${text}"` });
    } else {
      const value = (m[1] ?? m[2]) as string;
      if (options.some((o) => o.value === value))
        errors.push({ line, message: `predict: option "${value}" given twice` });
      const explanation = { text: dedent(lines.slice(i + 1, j)).trim(), line: line + 1 };
      options.push({ value, label: { text: (m[3] as string).trim(), line }, explanation });
    }
    if (j < lines.length && !(lines[j] as string).startsWith('- ') && j > i) {
      errors.push({ line: first + j, message: 'predict: text after the options must be indented' });
      j++;
    }
    i = j;
  }
  if (options.length < 2) errors.push({ line: first, message: 'predict: at least two options' });
  return { question, options, errors };
}

/** A terminal line before checking. */
export interface RawCommand {
  readonly actor: string;
  readonly command: string;
  readonly line: number;
}

/** Reads a terminal body: each non-blank line `ACTOR$ command`. */
export function parseTerminalBody(
  lines: readonly string[],
  first: number,
): { commands: RawCommand[]; errors: BodyError[] } {
  const commands: RawCommand[] = [];
  const errors: BodyError[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const m = /^([a-z][a-z0-9-]*)\$ (.+)$/.exec(text.trim());
    if (m) commands.push({ actor: m[1] as string, command: (m[2] as string).trim(), line: first + i });
    else errors.push({ line: first + i, message: `terminal: a line is "ACTOR$ command", got "${text}"` });
  });
  if (commands.length === 0 && errors.length === 0)
    errors.push({ line: first - 1, message: 'terminal: no command lines' });
  return { commands, errors };
}
