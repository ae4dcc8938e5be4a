/**
 * The repository's real captures cut and edited for tests of who a machine is and which
 * datagrams two machines both recorded: one interface as a capture of its own, only some of
 * its datagrams, the link layer stripped (raw IP, as a capture that says nothing of direction),
 * IPv4 fields rewritten (TTL, id) as other stacks and NATs would write them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureFile } from '../../src/capture/container.ts';
import { LINKTYPE, udpOfFrame } from '../../src/capture/link.ts';

const FIXTURES = join(import.meta.dirname, '../e2e/fixtures');

/** Interface `i` of `c` as a capture of its own (its interface 0). */
export function interfaceAt(c: CaptureFile, i: number): CaptureFile {
  const frames = c.frames.filter((f) => f.iface === i).map((f) => ({ ...f, iface: 0 }));
  return { ...c, interfaces: [c.interfaces[i]!], frames };
}

/** Interface `name` of `c` as a capture of its own; `what` names `c`. */
export function interfaceNamed(c: CaptureFile, name: string, what = 'the capture'): CaptureFile {
  const i = c.interfaces.findIndex((x) => x.name === name);
  if (i < 0) throw new Error(`${what} has no interface ${name}`);
  return interfaceAt(c, i);
}

/** Interface `name` of fixture `file` as a capture of its own. */
export function part(file: string, name: string): CaptureFile {
  return interfaceNamed(readCapture(file), name, file);
}

import { readCapture as read } from '../../src/capture/read.ts';
const readCapture = (file: string): CaptureFile => read(readFileSync(join(FIXTURES, file)));

const text = (c: CaptureFile, f: CaptureFile['frames'][number]): string | undefined => {
  const d = udpOfFrame(c.interfaces[f.iface]!.linkType, f.data);
  return d && new TextDecoder().decode(d.payload);
};

/** `c` with only the frames `keep` says yes to (given the datagram's text and source). */
export function only(
  c: CaptureFile,
  keep: (text: string | undefined, src: string | undefined) => boolean,
): CaptureFile {
  const frames = c.frames.filter((f) => {
    const d = udpOfFrame(c.interfaces[f.iface]!.linkType, f.data);
    return keep(text(c, f), d?.src.ip);
  });
  return { ...c, frames };
}

/** Where IPv4 starts in a frame of each link type the fixtures use. */
const IP_AT: Record<number, number> = {
  [LINKTYPE.ethernet]: 14,
  [LINKTYPE.linuxSll]: 16,
  [LINKTYPE.linuxSll2]: 20,
  [LINKTYPE.raw]: 0,
};

/** `c` as raw IP: no link layer, so nothing says which way a frame went. */
export function raw(c: CaptureFile): CaptureFile {
  return {
    ...c,
    interfaces: c.interfaces.map((i) => ({ ...i, linkType: LINKTYPE.raw })),
    frames: c.frames.map((f) => {
      const at = IP_AT[c.interfaces[f.iface]!.linkType]!;
      return { ...f, data: Uint8Array.from(f.data.subarray(at)), origLen: f.origLen - at };
    }),
  };
}

/** `c` with each frame's IPv4 header edited by `edit` (a DataView on the header). */
export function editIp(c: CaptureFile, edit: (ip: DataView) => void): CaptureFile {
  return {
    ...c,
    frames: c.frames.map((f) => {
      const data = Uint8Array.from(f.data); // a copy (a Buffer's slice is a view)
      const at = IP_AT[c.interfaces[f.iface]!.linkType]!;
      edit(new DataView(data.buffer, data.byteOffset + at));
      return { ...f, data };
    }),
  };
}

/** Sets every IPv4 TTL to `ttl`. */
export const ttlOf = (ttl: number) => (ip: DataView) => ip.setUint8(8, ttl);
/** Sets every IPv4 id to `id` (a stack that writes 0 on datagrams it will not fragment). */
export const idOf = (id: number) => (ip: DataView) => ip.setUint16(4, id);

/** `c` with IPv4 source and destination addresses renumbered by `to` (others kept). */
export function renumber(c: CaptureFile, to: Readonly<Record<string, string>>): CaptureFile {
  const n = (ip: string): number => ip.split('.').reduce((a, x) => a * 256 + Number(x), 0);
  const map = new Map(Object.entries(to).map(([a, b]) => [n(a), n(b)]));
  return editIp(c, (ip) => {
    for (const at of [12, 16]) {
      const got = map.get(ip.getUint32(at));
      if (got !== undefined) ip.setUint32(at, got);
    }
  });
}
