/**
 * The state file of a named topology that outlives the command that built it (`agujero netns
 * up`): what was made (namespaces, veth links, processes), which NATs, who built it and whether
 * the build finished. Written before the first namespace exists, so a build killed with SIGKILL
 * still leaves a record that a later `down` or `up` reads to remove what it left.
 */
import { mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { invalid } from './errors.ts';
import { pidAlive } from './runs.ts';

/** A process identity that survives pid reuse: the pid and its start time (/proc/PID/stat). */
export interface ProcessId {
  readonly pid: number;
  readonly startTime: string;
}

/** What the state file holds. */
export interface TopologyState {
  readonly version: 1;
  /** The topology's name, the prefix of every namespace (`agujero` -> `agujero-alice`). */
  readonly name: string;
  /** 'building' until every step succeeded, then 'up'. */
  readonly status: 'building' | 'up';
  /** The process that built (or is building) it. */
  readonly builder: ProcessId;
  readonly createdAt: string;
  readonly builtAt?: string;
  readonly buildMs?: number;
  /** The NAT of each router, as the user named it, and the INPUT choice. */
  readonly alice: string;
  readonly bob: string;
  readonly input: string;
  /** Every namespace, by role, in creation order. */
  readonly namespaces: Readonly<Record<string, string>>;
  /** Every veth pair, as "ns:if <-> ns:if" (gone with their namespaces). */
  readonly links: readonly string[];
  /** Processes the lab started inside the namespaces (killed by `down`). */
  readonly processes: readonly (ProcessId & { readonly what: string })[];
  /** With `up --live`: where the hub is (the token is in `liveDir(name)`/token, mode 0600). */
  readonly live?: LiveInfo;
}

/** The live lab of `netns up --live`: the Server's hub, reached two ways, and its files. */
export interface LiveInfo {
  /** The hub as the agents reach it, through their NATs: ws://203.0.113.162:8080/hub. */
  readonly hub: string;
  /** The same hub from this machine (a listener on the host's loopback): ws://127.0.0.1:P/hub. */
  readonly local: string;
  /** The web app from this machine: http://127.0.0.1:P/. */
  readonly web: string;
  /** The directory of the token and the processes' logs. */
  readonly dir: string;
}

/** Topology names: lowercase letters and digits, no dash, so `<name>-<role>` parses one way. */
const NAME = /^[a-z][a-z0-9]{0,19}$/;

/** Returns `name` if it can name a topology; throws NetnsError('invalid-argument') otherwise. */
export function checkTopologyName(name: string): string {
  if (!NAME.test(name) || name === 'agj') {
    throw invalid('topology name', name, 'a lowercase letter, then letters or digits, <= 20');
  }
  return name;
}

/**
 * The directory of the state files: $AGUJERO_STATE_DIR when set, else /run/agujero as root (gone
 * at reboot, like the namespaces), else the OS temporary directory.
 */
export function stateDir(): string {
  return process.env.AGUJERO_STATE_DIR ?? (process.getuid?.() === 0 ? '/run/agujero' : tmpdir());
}

/** The state file of topology `name`. */
export function statePath(name: string): string {
  return join(stateDir(), `netns-${checkTopologyName(name)}.json`);
}

/** This process's identity. */
export function selfId(): ProcessId {
  return idOf(process.pid);
}

/** The identity of process `pid` (empty start time when /proc cannot say). */
export function idOf(pid: number): ProcessId {
  return { pid, startTime: startTimeOf(pid) ?? '' };
}

/** The directory of a live lab's token and logs (`netns up --live`), beside the state file. */
export function liveDir(name: string): string {
  return join(stateDir(), `netns-${checkTopologyName(name)}.live`);
}

/** Field 22 of /proc/PID/stat (start time in clock ticks), or undefined without it. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True when the process `id` names is still running (the same process, not a reused pid). */
export function processAlive(id: ProcessId): boolean {
  if (!pidAlive(id.pid)) return false;
  const now = startTimeOf(id.pid);
  return now === undefined || id.startTime === '' || now === id.startTime;
}

/** Reads topology `name`'s state, or undefined when there is none (or it is unreadable). */
export function readState(name: string): TopologyState | undefined {
  try {
    const state = JSON.parse(readFileSync(statePath(name), 'utf8')) as TopologyState;
    return state.version === 1 && state.name === name ? state : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the state file only if none exists (the lock between two `up`s of one name): true when
 * this call created it, false when one was there already.
 */
export function createState(state: TopologyState): boolean {
  mkdirSync(stateDir(), { recursive: true, mode: 0o755 });
  let fd: number;
  try {
    fd = openSync(statePath(state.name), 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Replaces the state file atomically (write, then rename). */
export function writeState(state: TopologyState): void {
  const path = statePath(state.name);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  renameSync(tmp, path);
}

/** Removes topology `name`'s state file and its live directory (nothing when there is none). */
export function removeState(name: string): void {
  rmSync(liveDir(name), { force: true, recursive: true });
  rmSync(statePath(name), { force: true });
}
