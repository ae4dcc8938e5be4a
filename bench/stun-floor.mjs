// The floor of bench (d)'s server comparison: the least a Node server does per datagram through
// node:dgram's public API, on one socket: read a datagram, send a fixed answer of a plain Binding
// answer's size (68 bytes, what ours sends) back to its source with no callback, the address
// looked up at once. No parsing, no counting, no checks: no STUN server can do less in Node, so
// our server's CPU per answer above this is what our own code costs.
//   node bench/stun-floor.mjs IP PORT      prints "listening" once bound; runs until SIGTERM
import { createSocket } from 'node:dgram';
import { Buffer } from 'node:buffer';
import process from 'node:process';

const [ip, port] = process.argv.slice(2);
if (!/^127\.\d+\.\d+\.\d+$/.test(ip ?? '') || !(Number(port) > 0 && Number(port) < 65_536)) {
  console.error('usage: node bench/stun-floor.mjs 127.x.y.z PORT');
  process.exit(2);
}
const answer = Buffer.alloc(68);
const socket = createSocket({ type: 'udp4', lookup: (a, _f, cb) => cb(null, a, 4) });
socket.on('message', (_msg, rinfo) => socket.send(answer, rinfo.port, rinfo.address));
socket.on('error', () => {});
socket.bind(Number(port), ip, () => console.log('listening'));
process.on('SIGTERM', () => socket.close());
