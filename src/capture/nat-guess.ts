/**
 * Which classic NAT each router behaved like in a capture, from what crossed it: a different
 * public port toward different remotes is symmetric; an inbound packet let through from an
 * address the mapping never sent to is full cone, from a contacted address but another port
 * restricted cone; one dropped from a contacted address is port-restricted. With no evidence
 * either way the guess is port-restricted cone (Linux MASQUERADE, the commonest). Each guess
 * says why.
 */
import { formatEndpoint } from '../model/endpoint.ts';
import type { Endpoint } from '../model/endpoint.ts';
import { ROUTER_OF } from './book.ts';
import type { CaptureRouter } from './book.ts';
import type { Journey } from './journeys.ts';
import { reason } from './reasons.ts';
import type { Reason } from './reasons.ts';

/** The presets a guess names (src/model/presets.ts ids). */
export type NatGuessPreset = 'full-cone' | 'restricted-cone' | 'port-restricted-cone' | 'symmetric';

/** A router's guessed NAT and the evidence for it. */
export interface NatGuess {
  readonly router: CaptureRouter;
  readonly preset: NatGuessPreset;
  /** False when nothing in the capture decided it (the default was taken). */
  readonly evidence: boolean;
  /** Why. */
  readonly why: Reason;
  /** Whether outbound rewrites kept the host's port (undefined: none seen). */
  readonly portPreserved: boolean | undefined;
}

const key = (e: Endpoint): string => formatEndpoint(e);

/** The guess for `router` from `journeys` (time order). */
export function guessNat(router: CaptureRouter, journeys: readonly Journey[]): NatGuess {
  /** External port -> the remotes it sent to so far: `ip:port` keys, and addresses. */
  const sentTo = new Map<number, { endpoints: Set<string>; ips: Set<string> }>();
  const remotesOf = (port: number) => {
    let r = sentTo.get(port);
    if (!r) sentTo.set(port, (r = { endpoints: new Set(), ips: new Set() }));
    return r;
  };
  /** Internal endpoint -> external ports used. */
  const extOf = new Map<string, Map<number, Endpoint>>();
  /**
   * Remotes the router's host sent to where the capture never saw the datagram leave the NAT
   * (a capture on the host alone): from which public port is unknown, so an answer from one of
   * them is no evidence of a looser NAT.
   */
  const unseen = new Set<string>();
  let outbound = 0;
  let preserved = 0;
  const found: { preset: NatGuessPreset; why: Reason }[] = [];
  for (const j of journeys) {
    const out = j.rewrites.some((r) => r.router === router && r.direction === 'outbound');
    if (j.sender && j.sender !== 'server' && ROUTER_OF[j.sender] === router && !out)
      unseen.add(j.sent.dst.ip);
    for (const r of j.rewrites) {
      if (r.router !== router) continue;
      if (r.direction === 'outbound') {
        outbound++;
        if (r.before.src.port === r.after.src.port) preserved++;
        const ext = r.after.src.port;
        remotesOf(ext).endpoints.add(key(r.after.dst));
        remotesOf(ext).ips.add(r.after.dst.ip);
        const inner = key(r.before.src);
        let ports = extOf.get(inner);
        if (!ports) extOf.set(inner, (ports = new Map()));
        if (ports.size > 0 && !ports.has(ext)) {
          const [otherPort, otherRemote] = [...ports][0] as [number, Endpoint];
          found.push({
            preset: 'symmetric',
            why: reason('nat-symmetric', {
              inner,
              port1: otherPort,
              remote1: key(otherRemote),
              port2: ext,
              remote2: key(r.after.dst),
            }),
          });
        }
        ports.set(ext, r.after.dst);
      } else {
        const remote = r.before.src;
        const remotes = remotesOf(r.before.dst.port);
        if (unseen.has(remote.ip)) continue;
        if (!remotes.ips.has(remote.ip)) {
          found.push({
            preset: 'full-cone',
            why: reason('nat-full-cone', {
              remote: key(remote),
              port: r.before.dst.port,
              ip: remote.ip,
            }),
          });
        } else if (!remotes.endpoints.has(key(remote))) {
          found.push({
            preset: 'restricted-cone',
            why: reason('nat-restricted-cone', {
              remote: key(remote),
              port: r.before.dst.port,
              ip: remote.ip,
              remotePort: remote.port,
            }),
          });
        }
      }
    }
    if (j.end.kind === 'dropped' && j.end.router === router) {
      const remote = j.last.src;
      const remotes = remotesOf(j.last.dst.port);
      if (remotes.ips.has(remote.ip) && !remotes.endpoints.has(key(remote))) {
        found.push({
          preset: 'port-restricted-cone',
          why: reason('nat-port-restricted-cone', {
            remote: key(remote),
            port: j.last.dst.port,
            ip: remote.ip,
          }),
        });
      }
    }
  }
  const portPreserved = outbound === 0 ? undefined : preserved === outbound;
  for (const preset of [
    'symmetric',
    'full-cone',
    'restricted-cone',
    'port-restricted-cone',
  ] as const) {
    const f = found.find((x) => x.preset === preset);
    if (f) return { router, preset, evidence: true, why: f.why, portPreserved };
  }
  return {
    router,
    preset: 'port-restricted-cone',
    evidence: false,
    why: reason(outbound === 0 ? 'nat-none-crossed' : 'nat-no-evidence'),
    portPreserved,
  };
}
