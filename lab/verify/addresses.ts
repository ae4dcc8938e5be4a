/**
 * The addresses cases name: the test bed's (lab/netns/plan.ts) plus a second address on Alice's
 * LAN interface, 192.168.1.11, which stands for a second host behind her router (to a NAT, a
 * second LAN host is a second source address), and the interface it goes on.
 */
import { ADDRESSES, HOME } from '../netns/plan.ts';

/** Every address a case may name, by role. */
export const VERIFY_ADDRESSES = {
  ...ADDRESSES,
  aliceSecond: '192.168.1.11',
  home: HOME.host,
} as const;

/** Where the second LAN address lives in the namespaces: Alice's eth0, a /24 like the first. */
export const SECOND_HOST = { role: 'alice', dev: 'eth0', cidr: '192.168.1.11/24' } as const;
