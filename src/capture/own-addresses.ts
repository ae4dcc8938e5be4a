/**
 * Whose capture is whose, from the capture itself: a machine records only datagrams it sends or
 * receives, so its own addresses are the fewest that take part in every one of them (the most
 * used first). `agujero capture merge` and `--capture` name each machine's interface server,
 * alice or bob, so in such a file each role's addresses are known whatever ports it used.
 *
 *   interface "server": 203.0.113.50:7000 <- 198.51.100.7:40000, ...  => server 203.0.113.50
 */
import type { CaptureFile } from './container.ts';
import type { UdpDatagram } from './link.ts';

/** The roles `capture merge` names interfaces after. */
export const MACHINE_NAMES = ['server', 'alice', 'bob'] as const;
export type MachineName = (typeof MACHINE_NAMES)[number];

/**
 * The fewest addresses that take part (as source or destination) in every datagram, the most
 * used first; an address already seen at the far end of one of them is a remote, not the
 * machine's (a STUN server's second address answers a client its first one already met).
 */
export function ownAddresses(datagrams: readonly Pick<UdpDatagram, 'src' | 'dst'>[]): string[] {
  const own: string[] = [];
  const remote = new Set<string>();
  let left = datagrams;
  while (left.length > 0) {
    const counts = new Map<string, number>();
    for (const { src, dst } of left) {
      counts.set(src.ip, (counts.get(src.ip) ?? 0) + 1);
      if (dst.ip !== src.ip) counts.set(dst.ip, (counts.get(dst.ip) ?? 0) + 1);
    }
    let best = '';
    let most = 0;
    for (const [ip, n] of counts) {
      const score = remote.has(ip) ? n / (datagrams.length + 1) : n;
      if (score > most || (score === most && ip < best)) [best, most] = [ip, score];
    }
    own.push(best);
    for (const { src, dst } of left) {
      if (src.ip === best) remote.add(dst.ip);
      else if (dst.ip === best) remote.add(src.ip);
    }
    left = left.filter(({ src, dst }) => src.ip !== best && dst.ip !== best);
  }
  return own;
}

/**
 * Each machine's own addresses in a capture whose interfaces are named after the machines
 * (given `datagrams` with their interface index); empty when no interface is so named.
 */
export function machineAddresses(
  capture: CaptureFile,
  datagrams: readonly (Pick<UdpDatagram, 'src' | 'dst'> & { readonly iface: number })[],
): Partial<Record<MachineName, string[]>> {
  const out: Partial<Record<MachineName, string[]>> = {};
  capture.interfaces.forEach((i, index) => {
    const name = MACHINE_NAMES.find((m) => m === i.name);
    if (!name || out[name]) return;
    const mine = datagrams.filter((d) => d.iface === index);
    if (mine.length > 0) out[name] = ownAddresses(mine);
  });
  return out;
}
