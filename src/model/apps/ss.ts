/**
 * `ss -unp`: lists the host's UDP sockets like iproute2's ss, with the peer of connected sockets
 * (how the walkthrough's server shows who connected) and the owning process.
 */
import { refuse } from '../command-error.ts';
import type { Command } from '../process.ts';
import type { UdpSocket } from '../socket.ts';

/** Who owns a socket, for the Process column. */
export type SocketOwner = (s: UdpSocket) => { name: string; pid: number } | undefined;

function pad(
  cells: readonly string[],
  widths: readonly number[],
  right: readonly boolean[],
): string {
  return cells
    .map((c, i) => (right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
    .join(' ')
    .trimEnd();
}

/** Formats sockets as `ss -unp` does. */
export function formatSs(sockets: readonly UdpSocket[], owner: SocketOwner): string {
  const header = [
    'State',
    'Recv-Q',
    'Send-Q',
    'Local Address:Port',
    'Peer Address:Port',
    'Process',
  ];
  const rows = [...sockets]
    .sort((a, b) => a.local.port - b.local.port)
    .map((s) => {
      const o = owner(s);
      const localIp = s.wildcard && !s.remote ? '0.0.0.0' : s.local.ip;
      return [
        s.remote ? 'ESTAB' : 'UNCONN',
        '0',
        '0',
        `${localIp}:${s.local.port}`,
        s.remote ? `${s.remote.ip}:${s.remote.port}` : '0.0.0.0:*',
        o ? `users:(("${o.name}",pid=${o.pid},fd=3))` : '',
      ];
    });
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  const right = [false, false, false, true, true, false];
  return `${all.map((r) => pad(r, widths, right)).join('\n')}\n`;
}

/** Builds the `ss` program, given how to find socket owners. */
export function ssCommand(owner: SocketOwner): Command {
  const validate = (argv: readonly string[]): void => {
    const flags = argv.slice(1).join('');
    if (!/^(-[unpa]+)*$/.test(argv.slice(1).join('')) || !flags.includes('u')) {
      refuse({ kind: 'unsupported-options', program: 'ss', line: argv.join(' ') });
    }
  };
  return {
    validate,
    oneShot: true,
    start(argv, _stdin, ctx) {
      validate(argv);
      ctx.print(formatSs([...ctx.host.sockets.values()], owner));
      ctx.exit();
      return { name: 'ss' };
    },
  };
}
