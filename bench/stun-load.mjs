// The STUN load generator of bench (d), in a process of its own, plain JavaScript so nothing
// but Node runs it: `node bench/stun-load.mjs IP PORT SOCKETS WINDOW WARMUP_MS MEASURE_MS`.
// Keeps WINDOW Binding requests in flight on each of SOCKETS sockets (an answer sends the next
// request; a socket that has heard nothing for 50 ms is refilled, since lost datagrams shrink
// the window), counts answers over MEASURE_MS after WARMUP_MS, and prints one JSON line: the
// answers, the seconds, and the CPU it used itself (cores), to tell whether it or the server was
// the bottleneck. The same generator drives every server compared. Bounded in time; loopback only.
import { createSocket } from 'node:dgram';
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

const [ip, port, sockets, window, warmupMs, measureMs] = process.argv.slice(2);
const n = { port: Number(port), sockets: Number(sockets), window: Number(window) };
if (!/^127\./.test(ip ?? '') || !(n.port > 0 && n.sockets > 0 && n.window > 0)) {
  console.error(
    'usage: node bench/stun-load.mjs 127.x.y.z PORT SOCKETS WINDOW WARMUP_MS MEASURE_MS',
  );
  process.exit(2);
}
// A Binding request (RFC 8489 header, no attributes): type 0x0001, length 0, cookie, id.
const request = Buffer.alloc(20);
request.writeUInt16BE(0x0001, 0);
request.writeUInt32BE(0x2112a442, 4);
randomBytes(12).copy(request, 8);

let answers = 0;
let counting = false;
const heard = [];
const open = [];
for (let i = 0; i < n.sockets; i++) {
  const s = createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  s.on('message', () => {
    if (counting) answers++;
    heard[i] = performance.now();
    s.send(request, n.port, ip);
  });
  open.push(s);
}
const burst = (s) => {
  for (let k = 0; k < n.window; k++) s.send(request, n.port, ip);
};
open.forEach(burst);
const refill = setInterval(() => {
  const now = performance.now();
  open.forEach((s, i) => now - (heard[i] ?? 0) > 50 && burst(s));
}, 25);
await sleep(Number(warmupMs));
counting = true;
const started = performance.now();
const cpu0 = process.cpuUsage();
await sleep(Number(measureMs));
counting = false;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(refill);
await Promise.all(open.map((s) => new Promise((r) => s.close(r))));
console.log(JSON.stringify({ answers, seconds, cores: (cpu.user + cpu.system) / 1e6 / seconds }));
