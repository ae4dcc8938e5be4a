/**
 * Run prefixes and the registry of this process's live namespaces: normal and emergency teardown
 * (SIGINT, SIGTERM, exit after an uncaught error) and removal of the leftovers of dead runs.
 *
 * Every namespace is named `agj-<pid>-<n>-<role>`: <pid> is the process that made it, <n> counts
 * topologies within that process. A namespace is registered before `ip netns add` runs, so a
 * setup that fails halfway still knows everything it may have made.
 */
import { readFileSync } from 'node:fs';
import { NetnsError } from './errors.ts';
import { run, runSyncQuiet } from './exec.ts';
import * as v from './validate.ts';

/** The first word of every namespace name this lab makes. */
export const NS_PREFIX = 'agj';
const NAME = /^agj-(\d+)-(\d+)-[A-Za-z0-9_.-]+$/;

let counter = 0;
const live = new Map<string, Set<string>>();
let installed = false;

/** A fresh run prefix, `agj-<pid>-<n>`, unique on this machine while this process lives. */
export function newRunPrefix(): string {
  return `${NS_PREFIX}-${process.pid}-${counter++}`;
}

/** Records that run `prefix` is about to create namespace `ns` (before creating it). */
export function registerNamespace(prefix: string, ns: string): void {
  v.nsName(ns);
  let names = live.get(prefix);
  if (!names) live.set(prefix, (names = new Set()));
  names.add(ns);
  install();
}

/** Namespaces of run `prefix` still registered, in creation order. */
export function registeredNamespaces(prefix: string): string[] {
  return [...(live.get(prefix) ?? [])];
}

/** Forgets run `prefix` once its namespaces are gone. */
export function forgetRun(prefix: string): void {
  live.delete(prefix);
  if (live.size === 0) uninstall();
}

/** Lists every network namespace on the machine (names only). */
export async function listNamespaces(): Promise<string[]> {
  const r = await run(['ip', 'netns', 'list']);
  if (!r.ok) throw new NetnsError('command-failed', `ip netns list failed: ${r.stderr.trim()}`, r);
  return r.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

/**
 * Kills every process left inside `ns` (by pid, from `ip netns pids`) and deletes the namespace,
 * which removes its interfaces (and their veth peers), addresses, routes and firewall rules.
 * Returns an error message, or undefined when the namespace is gone.
 */
export async function destroyNamespace(ns: string): Promise<string | undefined> {
  v.nsName(ns);
  const pids = await run(['ip', 'netns', 'pids', ns]);
  for (const pid of pids.ok ? parsePids(pids.stdout) : []) killQuietly(pid);
  const r = await run(['ip', 'netns', 'del', ns]);
  if (r.ok || /No such file or directory/.test(r.stderr)) return undefined;
  return `ip netns del ${ns} failed: ${r.stderr.trim()}`;
}

/**
 * Removes the namespaces of dead runs: names `agj-<pid>-...` whose <pid> no longer exists.
 * Runs of live processes (this one included) are left alone. Returns the names removed.
 */
export async function cleanupStale(): Promise<string[]> {
  const removed: string[] = [];
  const problems: string[] = [];
  for (const ns of await listNamespaces()) {
    const m = NAME.exec(ns);
    if (!m || pidAlive(Number(m[1]))) continue;
    const problem = await destroyNamespace(ns);
    if (problem) problems.push(problem);
    else removed.push(ns);
  }
  if (problems.length > 0) {
    throw new NetnsError('command-failed', `cleanupStale: ${problems.join('; ')}`);
  }
  return removed;
}

/**
 * True when a process with this pid exists and has not exited: EPERM means it exists but is not
 * ours; a zombie (state Z in /proc/<pid>/stat, left when nobody reaps it) counts as dead.
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: trust kill(0)
  }
}

function parsePids(text: string): number[] {
  return text
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n !== process.pid);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Synchronous teardown of every live run: the last thing done on a signal or at exit. */
function teardownAllSync(): void {
  for (const [prefix, names] of live) {
    for (const ns of [...names].reverse()) {
      const pids = runSyncQuiet(['ip', 'netns', 'pids', ns]);
      for (const pid of pids ? parsePids(pids) : []) killQuietly(pid);
      runSyncQuiet(['ip', 'netns', 'del', ns]);
    }
    live.delete(prefix);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  teardownAllSync();
  uninstall();
  // With no other listener left, re-raise so the process dies of the signal as it would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onExit(): void {
  teardownAllSync();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit); // also runs when an uncaught error ends the process
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', onExit);
}
