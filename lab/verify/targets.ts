/**
 * Resolving a step's target to an address and port: a fixed address of the topology, or the
 * source the receiver of an earlier datagram saw (plus an offset), the same way in both adapters.
 */
import type { Endpoint } from '../../src/model/endpoint.ts';
import { VERIFY_ADDRESSES } from './addresses.ts';
import type { Target } from './case.ts';

/** The endpoint a target names now, or why it cannot be named (the datagram it needs was lost). */
export function resolveTarget(
  target: Target,
  seen: (id: string) => Endpoint | undefined,
): Endpoint | { readonly skipped: string } {
  if ('addr' in target) return { ip: VERIFY_ADDRESSES[target.addr], port: target.port };
  const base = seen(target.seenOf);
  if (!base) return { skipped: `${target.seenOf} was not delivered, so its source is unknown` };
  const port = base.port + (target.portOffset ?? 0);
  if (port < 1 || port > 65535) return { skipped: `port ${port} is out of range` };
  return { ip: base.ip, port };
}
