/**
 * Where a lab process gets its hub token without it ever appearing on a command line (which
 * every user of the machine reads in `ps` and /proc/PID/cmdline): `--token-file PATH` (a file
 * only its owner can read: mode 0600 or stricter), then the `AGUJERO_TOKEN` environment
 * variable, then `--token T` for a quick try on one's own machine. A file readable by others is
 * refused, naming the chmod that fixes it.
 */
import { readFileSync, statSync } from 'node:fs';

/** The environment variable a token may come from. */
export const TOKEN_ENV = 'AGUJERO_TOKEN';

/** Where the token came from. */
export type TokenSource = 'file' | 'env' | 'flag' | 'none';

/** A token and its source, or the reason it could not be read. */
export type TokenRead =
  | { readonly ok: true; readonly token: string | undefined; readonly source: TokenSource }
  | { readonly ok: false; readonly problem: string };

/** The flags and environment a token is read from. */
export interface TokenInputs {
  readonly flag?: string | undefined;
  readonly file?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
}

const TOKEN = /^[\w.~-]{1,256}$/;

/** The token in `path`: its first line, from a file only its owner may read. */
function fromFile(path: string): TokenRead {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { ok: false, problem: `--token-file: cannot read ${path} (${code})` };
  }
  if ((mode & 0o077) !== 0) {
    const shown = (mode & 0o777).toString(8).padStart(4, '0');
    return {
      ok: false,
      problem: `--token-file: ${path} is readable by other users (mode ${shown}); chmod 600 ${path}`,
    };
  }
  const token = text.split('\n')[0]?.trim() ?? '';
  if (!TOKEN.test(token)) {
    return {
      ok: false,
      problem: `--token-file: the first line of ${path} is not a token (1-256 letters, digits, . _ ~ -)`,
    };
  }
  return { ok: true, token, source: 'file' };
}

/** Reads the token: --token-file, then AGUJERO_TOKEN, then --token; none is allowed. */
export function readToken(o: TokenInputs): TokenRead {
  if (o.file !== undefined && o.flag !== undefined) {
    return { ok: false, problem: '--token and --token-file: give one of them' };
  }
  if (o.file !== undefined) return fromFile(o.file);
  const env = (o.env ?? process.env)[TOKEN_ENV];
  if (o.flag === undefined && env !== undefined && env !== '') {
    if (!TOKEN.test(env)) {
      return { ok: false, problem: `${TOKEN_ENV} is not a token (1-256 letters, digits, . _ ~ -)` };
    }
    return { ok: true, token: env, source: 'env' };
  }
  if (o.flag === undefined) return { ok: true, token: undefined, source: 'none' };
  return { ok: true, token: o.flag, source: 'flag' };
}

/** The note printed when the token came from the command line. */
export const TOKEN_ON_ARGV_NOTE = `note: --token is visible to every user of this machine (ps); ${TOKEN_ENV}=... or --token-file PATH keep it private\n`;
