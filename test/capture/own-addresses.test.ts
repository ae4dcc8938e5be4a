/**
 * Whose address is a machine's own in a two-party capture (a machine that only talked to its
 * peer, a capture filtered to the punch): both addresses are in every datagram, so the count
 * cannot tell; the capture's own evidence does, strongest first (the Linux cooked link layer's
 * "outgoing" / "to us", the Server's ports when the machine is named, the TTLs), and where
 * nothing does it says it guessed. The repository's real captures, cut to two parties, and the
 * same with the link layer stripped and the TTLs rewritten.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureFile } from '../../src/capture/container.ts';
import { udpOfFrame } from '../../src/capture/link.ts';
import { ownAddressesOf } from '../../src/capture/own-addresses.ts';
import type { MachineName } from '../../src/capture/own-addresses.ts';
import { editIp, only, part, raw, ttlOf } from './fixture-edits.ts';

const klass = (n: string) => part('three-machines.pcapng', n);
const walk = (n: string) => part('walkthrough-netns.pcapng', n);

const datagrams = (c: CaptureFile) =>
  c.frames.map((f) => udpOfFrame(c.interfaces[f.iface]!.linkType, f.data)).filter((d) => !!d);

/** Bob's capture (SLL2, tcpdump -i any) with only what he sent Alice. */
const bobToAlice = only(klass('bob'), (t) => t === 'soy Bob\n');
/** The Server's capture (SLL2) with only Bob's "toc". */
const serverFromBob = only(klass('server'), (t, src) => t === 'toc\n' && src === '198.51.100.24');
/** Bob's LAN in the namespace walkthrough (Ethernet) with only the punch, no "toc". */
const bobPunch = only(walk('bob-nat-lan'), (t) => t !== undefined && t !== 'toc\n');

describe("a two-party capture reads the machine's own address from its evidence", () => {
  it.each([
    // Address order alone would pick 192.0.2.113 and 198.51.100.24: each the far end.
    { name: 'Bob to Alice, SLL2', c: bobToAlice, own: '192.168.2.20', basis: 'link' },
    { name: 'Server from Bob, SLL2', c: serverFromBob, own: '203.0.113.162', basis: 'link' },
    { name: "Bob's punch, Ethernet", c: bobPunch, own: '192.168.2.20', basis: 'ttl' },
    {
      name: 'Server from Bob, raw IP, named server',
      c: raw(serverFromBob),
      machine: 'server',
      own: '203.0.113.162',
      basis: 'ports',
    },
    {
      name: 'Bob to the Server, raw IP, named bob',
      c: raw(only(klass('bob'), (t) => t === 'toc\n')),
      machine: 'bob',
      own: '192.168.2.20',
      basis: 'ports',
    },
    { name: 'Server from Bob, raw IP', c: raw(serverFromBob), own: '203.0.113.162', basis: 'ttl' },
    // Nothing in the capture says: a guess, and said to be one.
    {
      name: 'Bob to Alice, raw IP, TTL 64',
      c: editIp(raw(bobToAlice), ttlOf(64)),
      own: '192.168.2.20',
      basis: 'private',
    },
    {
      name: 'Server from Bob, raw IP, TTL 64',
      c: editIp(raw(serverFromBob), ttlOf(64)),
      own: '198.51.100.24',
      basis: 'order',
    },
  ] as { name: string; c: CaptureFile; machine?: MachineName; own: string; basis: string }[])(
    '$name: $own ($basis)',
    ({ c, machine, own, basis }) => {
      const got = ownAddressesOf(datagrams(c), machine);
      expect(got).toEqual({ ips: [own], basis });
    },
  );

  it('keeps counting first: an address in more datagrams is the machine’s, whatever else', () => {
    expect(ownAddressesOf(datagrams(klass('alice')))).toEqual({
      ips: ['192.168.1.10'],
      basis: 'count',
    });
  });
});
