/**
 * Runs Debian's tshark on exported files for the pcapng tests. The tests FAIL (never skip) when
 * tshark is missing: scripts/install-system-deps.sh installs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';

/** tshark's notice when run as root: about the machine, not the file, so it is set aside. */
const ROOT_NOTICE = /^Running as user "root" and group "root"\. This could be dangerous\.\n?/m;

/** What one tshark run printed. */
export interface TsharkResult {
  readonly status: number | null;
  readonly stdout: string;
  /** Stderr without the root notice. */
  readonly stderr: string;
}

/** Throws a clear error unless tshark runs. */
export function requireTshark(): void {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'the pcapng tests need tshark (Debian package tshark, installed by ' +
        'scripts/install-system-deps.sh as root); they fail rather than skip.',
    );
  }
}

/** Runs `tshark -r file ...args`. */
export function tshark(file: string, ...args: string[]): TsharkResult {
  const r = spawnSync('tshark', ['-r', file, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(ROOT_NOTICE, '') };
}

/** `-T fields` output as rows of columns (tab-separated). */
export function fields(file: string, names: readonly string[], ...args: string[]): string[][] {
  const r = tshark(file, ...args, '-T', 'fields', ...names.flatMap((n) => ['-e', n]));
  if (r.status !== 0 || r.stderr) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** The severities `tshark -z expert -q` lists (Errors, Warns, Notes, Chats, Comments). */
export function expertSections(file: string, ...args: string[]): string[] {
  const r = tshark(file, ...args, '-z', 'expert', '-q');
  if (r.status !== 0 || r.stderr) throw new Error(`tshark failed: ${r.stderr}`);
  return [...r.stdout.matchAll(/^(Errors|Warns|Notes|Chats|Comments) \(\d+\)$/gm)].map(
    (m) => m[1] as string,
  );
}
