/**
 * Named topologies that outlive the command that built them (`agujero netns up / down /
 * status`): build one under a fixed name (`agujero-server`, `agujero-alice`, ...), detach it from
 * this process's emergency teardown, record it in a state file, report on it, and remove it and
 * whatever a dead or interrupted run left under that name.
 */
import { buildTopology } from './build.ts';
import { NetnsError } from './errors.ts';
import { INPUT_POLICY, NAT_TYPE_RECIPES } from './nat-types.ts';
import type { InputChoice, NatType } from './nat-types.ts';
import { LINKS, ROLES, namespaceNames } from './plan.ts';
import { assertNetnsAvailable } from './preflight.ts';
import { destroyNamespace, forgetRun, listNamespaces } from './runs.ts';
import { checkTopologyName, createState, processAlive, readState, removeState } from './state.ts';
import { selfId, statePath, writeState } from './state.ts';
import { destroyRun } from './topology.ts';
import type { TopologyState } from './state.ts';

/** What `upNamed` builds. */
export interface UpOptions {
  readonly name: string;
  readonly alice: NatType;
  readonly bob: NatType;
  readonly input: InputChoice;
  /** One line per step, before it runs (and one when leftovers are removed first). */
  readonly onProgress?: (line: string) => void;
  /**
   * Runs once the namespaces are built, while the state still says 'building' (so a SIGKILL
   * here leaves a 'broken' record, and Ctrl-C removes it all): starts processes inside, records
   * them, and returns the state to mark 'up' (`netns up --live`).
   */
  readonly start?: (state: TopologyState) => Promise<TopologyState>;
}

/** How a named topology stands: not there, up, being built, or half there (run `down`). */
export interface NamedStatus {
  readonly name: string;
  readonly state: 'down' | 'up' | 'building' | 'broken';
  /** Why it is 'broken' or 'building', in one sentence. */
  readonly detail: string;
  readonly topology: TopologyState | undefined;
  /** Namespaces of this name that exist now, and those the state file lists but are gone. */
  readonly present: readonly string[];
  readonly missing: readonly string[];
  readonly stateFile: string;
}

/** The namespaces that exist now under `name` (its six role names and any the state lists). */
async function presentNamespaces(name: string, state?: TopologyState): Promise<string[]> {
  const wanted = new Set([
    ...Object.values(namespaceNames(name)),
    ...Object.values(state?.namespaces ?? {}),
  ]);
  return (await listNamespaces()).filter((ns) => wanted.has(ns));
}

/** Reports on topology `name` without changing anything. */
export async function namedStatus(name: string): Promise<NamedStatus> {
  checkTopologyName(name);
  const topology = readState(name);
  const present = await presentNamespaces(name, topology);
  const missing = Object.values(topology?.namespaces ?? {}).filter((ns) => !present.includes(ns));
  const base = { name, topology, present, missing, stateFile: statePath(name) };
  if (!topology) {
    return present.length === 0
      ? { ...base, state: 'down', detail: 'nothing is up' }
      : { ...base, state: 'broken', detail: `${present.length} namespaces without a state file` };
  }
  const { pid } = topology.builder;
  if (topology.status === 'building') {
    return processAlive(topology.builder)
      ? { ...base, state: 'building', detail: `pid ${pid} is building it now` }
      : { ...base, state: 'broken', detail: `the up that built it (pid ${pid}) died halfway` };
  }
  return missing.length === 0
    ? { ...base, state: 'up', detail: 'every namespace is there' }
    : { ...base, state: 'broken', detail: `${missing.length} of its namespaces are gone` };
}

/**
 * Removes topology `name`: kills the processes its state lists, deletes every namespace of that
 * name (which kills what runs inside and takes links, addresses and nftables rules with it) and
 * the state file. Refuses (NetnsError 'busy') while another live process is still building it.
 * Returns the namespaces removed (empty when nothing was up).
 */
export async function downNamed(name: string): Promise<{ removed: string[]; status: NamedStatus }> {
  const status = await namedStatus(name);
  if (status.state === 'building' && status.topology?.builder.pid !== process.pid) {
    throw new NetnsError(
      'busy',
      `${name}: ${status.detail}; stop it (Ctrl-C) or wait for it, then run down again`,
    );
  }
  for (const p of status.topology?.processes ?? []) {
    try {
      if (processAlive(p)) process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const order = [...ROLES].reverse().map((role) => namespaceNames(name)[role]);
  const removed = [...status.present].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const problems: string[] = [];
  for (const ns of removed) {
    const problem = await destroyNamespace(ns);
    if (problem) problems.push(problem);
  }
  const left = await presentNamespaces(name, status.topology);
  if (problems.length > 0 || left.length > 0) {
    throw new NetnsError(
      'command-failed',
      `${name}: could not remove ${left.join(', ')}: ${problems.join('; ')}`,
    );
  }
  removeState(name);
  return { removed, status };
}

/**
 * Builds topology `name` and leaves it running after this process exits. Removes first what a
 * dead run left under the name; refuses (NetnsError 'already-up' or 'busy') when it is up or
 * being built. Until the build finishes, SIGINT, SIGTERM, an uncaught error or a failed step
 * removes everything made so far; a SIGKILL leaves the state file, which the next `up` or
 * `down` reads.
 */
export async function upNamed(
  options: UpOptions,
): Promise<{ state: TopologyState; cleaned: string[] }> {
  const { name, onProgress } = options;
  checkTopologyName(name);
  const alice = {
    recipe: NAT_TYPE_RECIPES[options.alice].recipe,
    inputPolicy: INPUT_POLICY[options.input],
  };
  const bob = {
    recipe: NAT_TYPE_RECIPES[options.bob].recipe,
    inputPolicy: INPUT_POLICY[options.input],
  };
  await assertNetnsAvailable();
  const before = await namedStatus(name);
  if (before.state === 'up' || before.state === 'building') {
    const t = before.topology;
    throw new NetnsError(
      before.state === 'up' ? 'already-up' : 'busy',
      before.state === 'up'
        ? `${name} is already up (Alice ${t?.alice}, Bob ${t?.bob}, INPUT ${t?.input}); run netns down first`
        : `${name}: ${before.detail}`,
    );
  }
  let cleaned: string[] = [];
  if (before.state === 'broken') {
    onProgress?.(`removing what an earlier run left: ${before.detail}`);
    cleaned = (await downNamed(name)).removed;
  }
  const ns = namespaceNames(name);
  const state: TopologyState = {
    version: 1,
    name,
    status: 'building',
    builder: selfId(),
    createdAt: new Date().toISOString(),
    alice: options.alice,
    bob: options.bob,
    input: options.input,
    namespaces: ns,
    links: LINKS.map((l) => `${ns[l.a]}:${l.aIf} <-> ${ns[l.b]}:${l.bIf}`),
    processes: [],
  };
  if (!createState(state))
    throw new NetnsError('busy', `${name}: another up started at the same moment`);
  const release = removeStateOnSignal(name);
  const started = Date.now();
  let built = state;
  try {
    await buildTopology({ prefix: name, alice, bob, onStep: (step) => onProgress?.(step) });
    if (options.start) built = await options.start(state);
  } catch (e) {
    await destroyRun(name); // killing what runs inside; buildTopology's own failure removed it all
    removeState(name);
    throw e;
  } finally {
    release();
  }
  forgetRun(name); // the topology outlives this process: no teardown at exit
  const up: TopologyState = {
    ...built,
    status: 'up',
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
  };
  writeState(up);
  return { state: up, cleaned };
}

/**
 * While a build runs, SIGINT or SIGTERM first removes the state file (runs.ts's handler then
 * deletes the namespaces and re-raises); when that handler is not installed yet, re-raises
 * itself. Returns the function that uninstalls this.
 */
function removeStateOnSignal(name: string): () => void {
  const on = (signal: NodeJS.Signals): void => {
    release();
    process.stderr.write(`\n${signal}: removing what was built so far\n`);
    removeState(name);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const release = (): void => {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  };
  process.prependListener('SIGINT', on);
  process.prependListener('SIGTERM', on);
  return release;
}
