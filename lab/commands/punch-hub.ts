/**
 * `punch`'s hub flags (--hub, --room, --role, --token-file, --token): checked, with the token read
 * as every lab command reads it (never needed on the command line), and the command line the
 * browsers are shown, which never carries the token.
 */
import * as valibot from 'valibot';
import { formatEndpoint } from '../../src/model/endpoint.ts';
import { AGENT_ROLES, RoomSchema } from '../../src/protocol/fields.ts';
import type { AgentRole } from '../../src/protocol/fields.ts';
import { TOKEN_ON_ARGV_NOTE, readToken } from '../agent/token.ts';
import type { CommandIo } from './command.ts';
import { UsageError } from './command.ts';
import { didYouMean } from './suggest.ts';

/** The hub flags: where to stream and as whom, or undefined without --hub. */
export interface HubFlags {
  readonly hub: string;
  readonly room?: string;
  readonly role: AgentRole;
  readonly token?: string;
}

export function hubFlags(
  v: Readonly<Record<string, string | boolean | undefined>>,
  name: string,
  io: CommandIo,
): HubFlags | undefined {
  const rest = ['room', 'role', 'token', 'token-file'].filter((f) => v[f] !== undefined);
  if (v.hub === undefined) {
    if (rest.length) throw new UsageError('punch', `--${rest[0]} goes with --hub URL`);
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(String(v.hub));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) {
    throw new UsageError(
      'punch',
      `--hub: ${JSON.stringify(v.hub)} is not a ws:// or wss:// URL such as ws://192.0.2.10:8080/hub${httpHint(url)}`,
    );
  }
  const roleText = v.role ?? name;
  if (!(AGENT_ROLES as readonly unknown[]).includes(roleText)) {
    throw new UsageError(
      'punch',
      v.role === undefined
        ? `--hub: say --role alice or --role bob (the name ${JSON.stringify(name)} is neither)`
        : `--role: ${JSON.stringify(roleText)} is not alice or bob${didYouMean(String(roleText), AGENT_ROLES)}`,
    );
  }
  let room: string | undefined;
  if (v.room !== undefined) {
    const r = valibot.safeParse(RoomSchema, v.room);
    if (!r.success)
      throw new UsageError('punch', `--room: ${JSON.stringify(v.room)} ${r.issues[0].message}`);
    room = r.output;
  }
  const read = readToken({
    flag: typeof v.token === 'string' ? v.token : undefined,
    file: typeof v['token-file'] === 'string' ? v['token-file'] : undefined,
  });
  if (!read.ok) throw new UsageError('punch', read.problem);
  if (read.source === 'flag') io.err(TOKEN_ON_ARGV_NOTE);
  return {
    hub: url.href,
    role: roleText as AgentRole,
    ...(room ? { room } : {}),
    ...(read.token ? { token: read.token } : {}),
  };
}

/** The command line shown to the browsers (the token never in it). */
export function shownCommand(
  server: { ip: string; port: number },
  name: string,
  peer: string,
  port: number | undefined,
): string {
  const p = port === undefined ? '' : ` --port ${port}`;
  return `agujero punch --server ${formatEndpoint(server)} --name ${name} --peer ${peer}${p}`;
}

/** "; did you mean ws://HOST/hub?" for an http(s):// URL (the lessons link's address). */
function httpHint(url: URL | undefined): string {
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') return '';
  const ws = `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}/hub`;
  return `; did you mean ${ws}?`;
}
