/**
 * Preloaded (`--import`) into a bench server process by `bench/fanout.ts --trace`: times, inside
 * the server, how long after a sync message arrives its relay starts and ends. Client-side
 * latency on a 2-core machine moves ±10 % run to run; these figures move far less, so they tell
 * whether a change to the server's path helped.
 *
 * Hooks the `ws` WebSocket's 'message' event and Node's `net.Socket.prototype._writeGeneric`,
 * which every socket write reaches when it goes to the kernel (after `ws`'s cork/uncork too), so
 * nianbao and the reference are timed at the same place. Plain JavaScript: it loads before tsx.
 * On exit, writes `{ bursts: [[firstWriteStartUs, lastWriteEndUs, writes], …] }` (one per
 * incoming sync message, times from its arrival) to the file in NIANBAO_SERVER_TRACE.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';

const out = process.env.NIANBAO_SERVER_TRACE;
if (out) {
  const WebSocket = createRequire(import.meta.url)('ws');
  const bursts = [];
  let current = null;
  const emit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function (name, ...args) {
    if (name === 'message') {
      const data = args[0];
      const first = data instanceof ArrayBuffer ? new Uint8Array(data)[0] : Array.isArray(data) ? data[0][0] : data[0];
      current = first === 0 ? { at: performance.now(), first: -1, last: -1, writes: 0 } : null;
      if (current) bursts.push(current);
    }
    return emit.call(this, name, ...args);
  };
  const writeGeneric = net.Socket.prototype._writeGeneric;
  net.Socket.prototype._writeGeneric = function (...args) {
    const start = performance.now();
    const result = writeGeneric.apply(this, args);
    if (current) {
      if (current.first < 0) current.first = start - current.at;
      current.last = performance.now() - current.at;
      current.writes++;
    }
    return result;
  };
  process.on('exit', () => {
    const rows = bursts.filter((b) => b.writes > 0).map((b) => [Math.round(b.first * 1000), Math.round(b.last * 1000), b.writes]);
    fs.writeFileSync(out, JSON.stringify({ bursts: rows }));
  });
}
