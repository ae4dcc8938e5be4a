/**
 * Chooses external ports for new mappings according to a policy's port assignment and clash rule,
 * asking the NAT tables whether a candidate port is free for a given remote.
 */
import type { Endpoint } from './endpoint.ts';
import { endpointKey } from './endpoint.ts';
import type { NatPolicy } from './nat-policy.ts';
import type { Rng } from './rng.ts';
import { hash32 } from './rng.ts';

/** Answers whether `port` can be used for a new flow toward `remote`. */
export type PortFree = (port: number, remote: Endpoint) => boolean;

const RANDOM_TRIES = 32;

/** Stateful port chooser for one NAT (remembers the sequential cursor). */
export class PortAllocator {
  private cursor: number;

  constructor(
    private readonly policy: NatPolicy,
    private readonly rng: Rng,
    private readonly seed: number,
  ) {
    this.cursor = policy.portRange[0];
  }

  /** A port for a new mapping of `internal` toward `remote`, or undefined when none is free. */
  choose(internal: Endpoint, remote: Endpoint, free: PortFree): number | undefined {
    const [lo, hi] = this.policy.portRange;
    switch (this.policy.portAssignment) {
      case 'preserve':
        if (internal.port >= lo && internal.port <= hi && free(internal.port, remote))
          return internal.port;
        return this.onClash(internal.port, remote, free);
      case 'sequential': {
        const port = this.scan(this.cursor, remote, free);
        if (port !== undefined) this.cursor = port === hi ? lo : port + 1;
        return port;
      }
      case 'random':
      case 'random-per-flow':
        return this.random(remote, free);
      case 'hash-per-destination': {
        const h = hash32(`${endpointKey(internal)}>${remote.ip}`, this.seed);
        return this.scan(lo + (h % (hi - lo + 1)), remote, free);
      }
      default: {
        const never: never = this.policy.portAssignment;
        return never;
      }
    }
  }

  /** A port other than the wanted one after a clash, following the clash rule. */
  onClash(wanted: number, remote: Endpoint, free: PortFree): number | undefined {
    const [lo, hi] = this.policy.portRange;
    if (this.policy.clash === 'random') return this.random(remote, free);
    const start = wanted >= lo && wanted < hi ? wanted + 1 : lo;
    return this.scan(start, remote, free);
  }

  private random(remote: Endpoint, free: PortFree): number | undefined {
    const [lo, hi] = this.policy.portRange;
    for (let i = 0; i < RANDOM_TRIES; i++) {
      const port = this.rng.int(lo, hi);
      if (free(port, remote)) return port;
    }
    return this.scan(this.rng.int(lo, hi), remote, free);
  }

  /** The first free port at or after `start`, wrapping around the range once. */
  private scan(start: number, remote: Endpoint, free: PortFree): number | undefined {
    const [lo, hi] = this.policy.portRange;
    const size = hi - lo + 1;
    for (let i = 0; i < size; i++) {
      const port = lo + ((start - lo + i) % size);
      if (free(port, remote)) return port;
    }
    return undefined;
  }
}
