/**
 * The checks before any namespace is made: running as root, `ip netns` usable, the binaries
 * present. Each failure is a NetnsError whose message says what is wrong and how to fix it.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { NetnsError } from './errors.ts';
import { run } from './exec.ts';

/** The binaries building and probing a topology needs (packages in install-system-deps.sh). */
export const CORE_BINARIES = ['ip', 'ss', 'iptables', 'nft', 'conntrack', 'sysctl'] as const;

/** The real peers the tests drive. */
export const PEER_BINARIES = [
  'nc',
  'stun',
  'stund',
  'turnserver',
  'turnutils_natdiscovery',
] as const;

const FIX = 'run scripts/install-system-deps.sh as root';

/** True when `name` is an executable file in one of the PATH directories (or /usr/sbin, /sbin). */
export async function hasBinary(name: string): Promise<boolean> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    try {
      await access(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/** Throws NetnsError('missing-binary') listing every binary of `names` that is absent. */
export async function requireBinaries(names: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const name of names) if (!(await hasBinary(name))) missing.push(name);
  if (missing.length > 0) {
    throw new NetnsError('missing-binary', `missing binaries: ${missing.join(', ')} (${FIX})`);
  }
}

/**
 * Throws unless this process can build topologies: NetnsError 'not-root' ("not root: network
 * namespaces need root"), 'netns-unavailable' when `ip netns list` fails, 'missing-binary'.
 */
export async function assertNetnsAvailable(
  binaries: readonly string[] = CORE_BINARIES,
): Promise<void> {
  const uid = process.getuid?.();
  if (uid !== 0) {
    throw new NetnsError(
      'not-root',
      `not root: network namespaces need root (uid is ${String(uid)}; run the netns tests as root)`,
    );
  }
  if (!(await hasBinary('ip'))) {
    throw new NetnsError('netns-unavailable', `ip netns is unavailable: no ip binary (${FIX})`);
  }
  const r = await run(['ip', 'netns', 'list']);
  if (!r.ok) {
    throw new NetnsError(
      'netns-unavailable',
      `ip netns is unavailable: ip netns list failed: ${r.stderr.trim()}`,
      r,
    );
  }
  await requireBinaries(binaries);
}
