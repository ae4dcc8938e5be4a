// The floor of bench (d)'s server comparison: the least a Node server does per datagram through
// node:dgram's public API, on one socket: read a datagram, send a fixed answer of a plain Binding
// answer's size (68 bytes, what ours sends) back to its source with no callback, the address
// looked up at once. No parsing, no counting, no checks: no STUN server can do less in Node, so
// our server's CPU per answer above this is what our own code costs. With `callback`, each send
// has a callback as our server's do (to count send errors): node:dgram then defers it to the
// next tick even when the send succeeded at once, a cost of its own.
//   node bench/stun-floor.mjs IP PORT [callback]   prints "listening" once bound; until SIGTERM
import { createSocket } from 'node:dgram';
import { Buffer } from 'node:buffer';
import process from 'node:process';

const [ip, port, mode] = process.argv.slice(2);
if (
  !/^127\.\d+\.\d+\.\d+$/.test(ip ?? '') ||
  !(Number(port) > 0 && Number(port) < 65_536) ||
  ![undefined, 'callback'].includes(mode)
) {
  console.error('usage: node bench/stun-floor.mjs 127.x.y.z PORT [callback]');
  process.exit(2);
}
const answer = Buffer.alloc(68);
const socket = createSocket({ type: 'udp4', lookup: (a, _f, cb) => cb(null, a, 4) });
let errors = 0;
const counted = (e) => {
  if (e) errors++;
};
socket.on(
  'message',
  mode === 'callback'
    ? (_msg, rinfo) => socket.send(answer, rinfo.port, rinfo.address, counted)
    : (_msg, rinfo) => socket.send(answer, rinfo.port, rinfo.address),
);
socket.on('error', () => {});
socket.bind(Number(port), ip, () => console.log('listening'));
process.on('SIGTERM', () =>
  socket.close(() =>
    console.log(`send errors: ${mode === 'callback' ? errors : 'not counted (no callback)'}`),
  ),
);
