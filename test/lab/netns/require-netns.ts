/**
 * The guard every namespace test runs first: these tests need root and `ip netns`, and FAIL (never
 * skip) with a message saying so when either is missing.
 */
import { assertNetnsAvailable, cleanupStale } from '../../../lab/netns/index.ts';
import { run } from '../../../lab/netns/exec.ts';
import { ROOT } from '../stun/processes.ts';

/**
 * Throws a clear error unless namespaces can be built and `binaries` are installed; then removes
 * the leftovers of dead runs (never those of a live process, such as a parallel test file).
 */
export async function requireNetns(binaries: readonly string[] = []): Promise<void> {
  try {
    await assertNetnsAvailable(['ip', 'ss', 'iptables', 'nft', 'conntrack', 'sysctl', ...binaries]);
    await cleanupStale();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(
      `the netns tests cannot run here: ${why}. They need root, ip netns and the Debian ` +
        'packages of scripts/install-system-deps.sh; they fail rather than skip.',
    );
  }
}

/** Resolves after `ms`: only for negative checks ("nothing arrives within ms"). */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds dist-lab/agujero.mjs when it is stale, for tests that run the CLI as processes. */
export async function requireLabBundle(): Promise<void> {
  const built = await run([process.execPath, `${ROOT}scripts/build-lab.mjs`, '--if-stale'], {
    timeoutMs: 30_000,
  });
  if (!built.ok) throw new Error(`cannot build the lab bundle: ${built.stderr}`);
}
