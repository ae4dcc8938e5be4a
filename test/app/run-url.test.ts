/**
 * Reading a saved run by URL, against a real HTTP server on 127.0.0.1: a run is read; other
 * schemes, HTTP errors, an unreachable server and files past the size limit (declared by
 * Content-Length, or only found while reading a chunked body) are refused with their kind, and
 * each refusal has a phrase in both languages.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunUrl, refusalText } from '../../src/app/run-url.ts';
import type { Refusal } from '../../src/app/run-url.ts';
import { MAX_LAB_RUN_BYTES } from '../../src/protocol/lab-run.ts';

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/run.json') return void res.end('{"format":"agujero-lab-run"}');
    if (req.url === '/declared-big') {
      res.setHeader('content-length', String(MAX_LAB_RUN_BYTES + 1));
      return void res.end('x'.repeat(MAX_LAB_RUN_BYTES + 1));
    }
    if (req.url === '/chunked-big') {
      // No Content-Length: chunks until past the limit (the reader stops counting there).
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i <= MAX_LAB_RUN_BYTES / chunk.length; i++) res.write(chunk);
      return void res.end();
    }
    res.statusCode = 404;
    res.end('no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('readRunUrl', () => {
  it('reads a run, relative to the page', async () => {
    expect(await readRunUrl('/run.json', base)).toEqual({ text: '{"format":"agujero-lab-run"}' });
  });

  it.each<[string, string, Refusal['kind']]>([
    ['a file: URL', 'file:///etc/passwd', 'scheme'],
    ['a javascript: URL', 'javascript:alert(1)', 'scheme'],
    ['a data: URL', 'data:application/json,{}', 'scheme'],
    ['a missing file', '/nope.json', 'http'],
    ['a declared size past the limit', '/declared-big', 'too-big'],
    ['a chunked body past the limit', '/chunked-big', 'too-big'],
    ['a server that is not there', 'http://127.0.0.1:9/run.json', 'network'],
  ])('refuses %s', async (_name, href, kind) => {
    const got = await readRunUrl(href, base);
    expect('refusal' in got && got.refusal.kind).toBe(kind);
  });

  it.each<Refusal>([
    { kind: 'scheme', scheme: 'file' },
    { kind: 'too-big' },
    { kind: 'http', status: 404 },
    { kind: 'network' },
    { kind: 'json', detail: 'Unexpected token' },
  ])('words $kind in both languages', (r) => {
    const en = refusalText('en', r);
    const es = refusalText('es', r);
    expect(en).not.toBe(es);
    expect(en.length).toBeGreaterThan(10);
  });
});
