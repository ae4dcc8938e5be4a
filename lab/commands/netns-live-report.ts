/**
 * What `netns up --live` and `netns status` print about the live lab: where the hub is from the
 * host (the web app and the WebSocket, with the token) and from the agents, and each process the
 * lab started with whether it still runs.
 */
import { liveToken } from '../netns/live.ts';
import { processAlive } from '../netns/state.ts';
import type { TopologyState } from '../netns/state.ts';
import { PROG } from './command.ts';

/** The live lab's lines (none without one); `brief` for status, which has its own heading. */
export function liveLines(s: TopologyState, brief = false): string[] {
  const live = s.live;
  if (!live) return [];
  const token = liveToken(s.name) ?? `(in ${live.dir}/token, readable by root)`;
  const processes = s.processes.map(
    (p) =>
      `    ${p.what.padEnd(11)} pid ${String(p.pid).padEnd(7)} ${processAlive(p) ? 'running' : 'GONE'}`,
  );
  const logs = `    logs in ${live.dir}/ (server.log, agent-alice.log, agent-bob.log)`;
  if (brief) {
    return [
      `  live: hub ${live.local} on this machine, ${live.hub} for the agents, token ${token}`,
      ...processes,
      logs,
    ];
  }
  return [
    'live: the Server, Alice and Bob are running (the agents reached the hub through their NATs):',
    ...processes,
    logs,
    '',
    `  web app   ${live.web}   (served when dist/ is built: npm run build)`,
    `  hub       ${live.local}   from this machine (a listener on 127.0.0.1 handed to the server)`,
    `            ${live.hub}   as the agents dial it, from behind their NATs`,
    `  token     ${token}`,
    '',
    `Connect the lessons to ${live.local} with that token: "run for real" runs on the agents.`,
    `Or by hand: ip netns exec ${s.namespaces.bob} ${PROG} punch --server ${live.hub.replace(/^ws:\/\/|:\d+\/hub$/g, '')} --name bob --peer alice`,
    `  (add --hub ${live.hub} --token-file ${live.dir}/token to watch it in the browser)`,
    `${PROG} netns status shows the processes, ${PROG} netns down stops them.`,
  ];
}
