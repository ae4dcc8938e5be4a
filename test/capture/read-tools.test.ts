/**
 * The capture reader against files the real tools write here (tcpdump, dumpcap, mergecap,
 * text2pcap), their big-endian twins and Agujero's own export: for every file, the UDP
 * datagrams it reads (interface, addresses, ports, payload, time) are exactly what tshark reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINKTYPE, readCapture, udpOfFrame } from '../../src/capture/index.ts';
import { exportScenario } from '../../src/app/pcapng-export.ts';
import { fields, requireTshark } from '../lab/pcapng/tshark.ts';
import {
  bytesOf,
  runTool,
  sendLoopback,
  startTool,
  stopTool,
  swapPcap,
  swapPcapng,
  untilCapturing,
} from './tools.ts';

let dir = '';
const PORT = 40000 + (process.pid % 20000);
const TEXTS = ['toc', 'upd hole', 'soy Bob', 'soy Alice', 'x'.repeat(1400)];
/** Sent until every tool has captured it, then left out of what both readers read. */
const MARKER = 'agujero: capturing?';
const MARKER_HEX = Buffer.from(MARKER).toString('hex');
const path = (name: string): string => join(dir, name);

/** Every UDP datagram of `file` as tshark reads it, one string each. */
function tsharkRows(file: string): string[] {
  return fields(
    file,
    [
      'frame.interface_name',
      'ip.src',
      'udp.srcport',
      'ip.dst',
      'udp.dstport',
      'udp.payload',
      'frame.time_epoch',
    ],
    '-Y',
    'udp and not icmp',
  )
    .filter((row) => row[5] !== MARKER_HEX)
    .map(([name, ...rest]) => {
      const t = Number(rest.pop()).toFixed(3);
      return [!name || name === 'unknown' ? '-' : name, ...rest, t].join(' ');
    });
}

/** The same from our reader. */
function ourRows(bytes: Uint8Array): string[] {
  const c = readCapture(bytes);
  return c.frames.flatMap((f) => {
    const i = c.interfaces[f.iface];
    const d = udpOfFrame(i?.linkType ?? -1, f.data);
    if (!d || Buffer.from(d.payload).toString('hex') === MARKER_HEX) return [];
    const hex = [...d.payload].map((b) => b.toString(16).padStart(2, '0')).join('');
    return [
      [
        i?.name ?? '-',
        d.src.ip,
        d.src.port,
        d.dst.ip,
        d.dst.port,
        hex,
        (f.tMs / 1000).toFixed(3),
      ].join(' '),
    ];
  });
}

beforeAll(async () => {
  requireTshark();
  dir = mkdtempSync(join(tmpdir(), 'agujero-read-'));
  const filter = `udp port ${PORT}`;
  const tools = await Promise.all([
    startTool(['tcpdump', '-i', 'lo', '-U', '--immediate-mode', '-w', path('lo.pcap'), filter]),
    startTool([
      'tcpdump',
      '-i',
      'lo',
      '-U',
      '--immediate-mode',
      '--time-stamp-precision=nano',
      '-w',
      path('nano.pcap'),
      filter,
    ]),
    startTool([
      'tcpdump',
      '-i',
      'any',
      '-y',
      'LINUX_SLL',
      '-U',
      '--immediate-mode',
      '-w',
      path('sll.pcap'),
      filter,
    ]),
    startTool([
      'tcpdump',
      '-i',
      'any',
      '-y',
      'LINUX_SLL2',
      '-U',
      '--immediate-mode',
      '-w',
      path('sll2.pcap'),
      filter,
    ]),
    // To stdout, which dumpcap writes at once (a file it buffers): untilCapturing can see it.
    startTool(['dumpcap', '-i', 'lo', '-f', filter, '-w', '-'], path('dumpcap.pcapng')),
  ]);
  const files = ['lo.pcap', 'nano.pcap', 'sll.pcap', 'sll2.pcap', 'dumpcap.pcapng'].map(path);
  await untilCapturing(PORT, MARKER, files);
  await sendLoopback(PORT, TEXTS);
  await new Promise((r) => setTimeout(r, 500));
  await Promise.all(tools.map(stopTool));
  runTool(['mergecap', '-w', path('merged.pcapng'), path('sll2.pcap'), path('lo.pcap')]);
  writeFileSync(
    path('sections.pcapng'),
    Buffer.concat([bytesOf(path('dumpcap.pcapng')), bytesOf(path('merged.pcapng'))]),
  );
  writeFileSync(path('hex.txt'), '0000  73 6f 79 20 42 6f 62\n');
  for (const [name, link] of [
    ['raw', '101'],
    ['ipv4', '228'],
  ] as const) {
    runTool([
      'text2pcap',
      '-q',
      '-F',
      'pcap',
      '-l',
      link,
      '-4',
      '192.168.2.20,203.0.113.162',
      '-u',
      '58888,9000',
      path('hex.txt'),
      path(`${name}.pcap`),
    ]);
  }
  writeFileSync(path('lo-be.pcap'), swapPcap(bytesOf(path('lo.pcap'))));
  writeFileSync(path('nano-be.pcap'), swapPcap(bytesOf(path('nano.pcap'))));
  writeFileSync(path('dumpcap-be.pcapng'), swapPcapng(bytesOf(path('dumpcap.pcapng'))));
  writeFileSync(path('export.pcapng'), exportScenario({ scenario: 'walkthrough' }).bytes);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the reader reads what the tools write, as tshark does', () => {
  it.each([
    ['lo.pcap', 'pcap', LINKTYPE.ethernet, 5],
    ['nano.pcap', 'pcap', LINKTYPE.ethernet, 5],
    ['lo-be.pcap', 'pcap', LINKTYPE.ethernet, 5],
    ['nano-be.pcap', 'pcap', LINKTYPE.ethernet, 5],
    ['sll.pcap', 'pcap', LINKTYPE.linuxSll, 5],
    ['sll2.pcap', 'pcap', LINKTYPE.linuxSll2, 5],
    ['dumpcap.pcapng', 'pcapng', LINKTYPE.ethernet, 5],
    ['dumpcap-be.pcapng', 'pcapng', LINKTYPE.ethernet, 5],
    ['merged.pcapng', 'pcapng', LINKTYPE.linuxSll2, 10],
    ['sections.pcapng', 'pcapng', LINKTYPE.ethernet, 15],
    ['raw.pcap', 'pcap', LINKTYPE.raw, 1],
    ['ipv4.pcap', 'pcap', LINKTYPE.ipv4, 1],
  ] as const)('%s (%s, first link type %i): %i datagrams', (name, format, link, n) => {
    const bytes = bytesOf(path(name));
    const c = readCapture(bytes);
    expect(c.format).toBe(format);
    expect(c.interfaces[0]?.linkType).toBe(link);
    const ours = ourRows(bytes);
    expect(ours).toHaveLength(n);
    // tshark 4.0 names a later section's interfaces by the first section's list: compare
    // names only within one section (the next test checks the names per section).
    const unnamed = (rows: string[]): string[] => rows.map((r) => r.replace(/^\S+ /, ''));
    if (name === 'sections.pcapng') expect(unnamed(ours)).toEqual(unnamed(tsharkRows(path(name))));
    else expect(ours).toEqual(tsharkRows(path(name)));
  });

  it('the big-endian twins are real big-endian files tshark reads the same', () => {
    expect(bytesOf(path('lo-be.pcap')).subarray(0, 4)).toEqual(
      Uint8Array.of(0xa1, 0xb2, 0xc3, 0xd4),
    );
    expect(bytesOf(path('dumpcap-be.pcapng')).subarray(8, 12)).toEqual(
      Uint8Array.of(0x1a, 0x2b, 0x3c, 0x4d),
    );
    expect(tsharkRows(path('lo-be.pcap'))).toEqual(tsharkRows(path('lo.pcap')));
  });

  it('several sections and interfaces keep their names and link types', () => {
    const c = readCapture(bytesOf(path('sections.pcapng')));
    expect(c.interfaces.map((i) => [i.section, i.linkType])).toEqual([
      [0, LINKTYPE.ethernet],
      [1, LINKTYPE.linuxSll2],
      [1, LINKTYPE.ethernet],
    ]);
    expect(c.interfaces[0]?.name).toBe('lo');
  });

  it("Agujero's own export: every hop, on its segment's interface", () => {
    const rows = ourRows(bytesOf(path('export.pcapng')));
    expect(rows.length).toBeGreaterThan(10);
    expect(rows).toEqual(tsharkRows(path('export.pcapng')));
  });
});
