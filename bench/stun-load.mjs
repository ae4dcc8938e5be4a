// The STUN load generator of bench (d), in a process of its own, plain JavaScript so nothing
// but Node runs it:
//   node bench/stun-load.mjs IP PORT SOCKETS WINDOW WARMUP_MS MEASURE_MS [SERVER_PID]
// Keeps WINDOW Binding requests in flight on each of SOCKETS sockets (an answer sends the next
// request; a socket that has heard nothing for 25-50 ms is refilled, since lost datagrams shrink
// the window), counts answers over MEASURE_MS after WARMUP_MS, and prints one JSON line: the
// answers, the seconds, and the CPU it used itself, user and system apart (to tell whether it or
// the server was the bottleneck). With SERVER_PID, also the user and system CPU of that process,
// its threads and its descendants (cluster workers) over exactly the same window, from
// /proc/PID/stat. Each socket is connect()ed to the server, which answers a plain Binding request
// from the address it was sent to: a send names no address, so the generator spends less per
// request and loads the server harder. The same generator drives every server compared.
// Bounded in time; loopback only.
import { createSocket } from 'node:dgram';
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

const [ip, port, sockets, window, warmupMs, measureMs, serverPid] = process.argv.slice(2);
const n = {
  port: Number(port),
  sockets: Number(sockets),
  window: Number(window),
  pid: serverPid === undefined ? 0 : Number(serverPid),
};
if (
  !/^127\.\d+\.\d+\.\d+$/.test(ip ?? '') ||
  !(n.port > 0 && n.port < 65_536 && n.sockets > 0 && n.window > 0) ||
  !(Number.isInteger(n.pid) && n.pid >= 0)
) {
  console.error(
    'usage: node bench/stun-load.mjs 127.x.y.z PORT SOCKETS WINDOW WARMUP_MS MEASURE_MS [SERVER_PID]',
  );
  process.exit(2);
}

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
const HZ = 100;

/** [user, system] CPU seconds of `pid`, its threads and every descendant still running. */
function treeCpu(pid) {
  let user = 0;
  let system = 0;
  const visit = (p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      user += Number(fields[11]) / HZ;
      system += Number(fields[12]) / HZ;
    } catch {
      return; // gone
    }
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      // gone
    }
    for (const t of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        // gone
      }
      for (const c of children.split(' ').filter(Boolean)) visit(Number(c));
    }
  };
  visit(pid);
  return [user, system];
}

// A Binding request (RFC 8489 header, no attributes): type 0x0001, length 0, cookie, id.
const request = Buffer.alloc(20);
request.writeUInt16BE(0x0001, 0);
request.writeUInt32BE(0x2112a442, 4);
randomBytes(12).copy(request, 8);

let answers = 0;
let counting = false;
/** Answers heard on each socket, and their number at the previous refill check. */
const heard = new Array(n.sockets).fill(0);
const seen = new Array(n.sockets).fill(0);
const open = [];
for (let i = 0; i < n.sockets; i++) {
  const s = createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  await new Promise((r) => s.connect(n.port, ip, r));
  s.on('message', () => {
    if (counting) answers++;
    heard[i]++;
    s.send(request);
  });
  // A refused send (nothing listening yet or any more) must not end the run.
  s.on('error', () => {});
  open.push(s);
}
const burst = (s) => {
  for (let k = 0; k < n.window; k++) s.send(request);
};
open.forEach(burst);
const refill = setInterval(() => {
  open.forEach((s, i) => {
    if (heard[i] === seen[i]) burst(s);
    seen[i] = heard[i];
  });
}, 25);
await sleep(Number(warmupMs));
const server0 = n.pid > 0 ? treeCpu(n.pid) : [0, 0];
counting = true;
const started = performance.now();
const cpu0 = process.cpuUsage();
await sleep(Number(measureMs));
counting = false;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const server1 = n.pid > 0 ? treeCpu(n.pid) : [0, 0];
clearInterval(refill);
await Promise.all(open.map((s) => new Promise((r) => s.close(r))));
const out = {
  answers,
  seconds,
  cores: (cpu.user + cpu.system) / 1e6 / seconds,
  user: cpu.user / 1e6,
  system: cpu.system / 1e6,
  ...(n.pid > 0
    ? { server: { user: server1[0] - server0[0], system: server1[1] - server0[1] } }
    : {}),
};
console.log(JSON.stringify(out));
