/**
 * The address a request comes from, for the per-address sign-in limit and the log. Behind a
 * reverse proxy (nginx, a load balancer in front of several servers) every request comes from
 * the proxy's address, so one office's typos would lock out a whole province; with `trustProxy`
 * the client's address is the last entry of X-Forwarded-For, the one the proxy itself appended.
 * Only the last: earlier entries are whatever the client sent. Without `trustProxy` the header is
 * ignored, so that a client reaching the server directly cannot pick its own address.
 */
import type { IncomingMessage } from 'node:http';

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return direct;
  const header = req.headers['x-forwarded-for'];
  // Several X-Forwarded-For headers are joined in order: the proxy's entry is still the last.
  const joined = Array.isArray(header) ? header.join(',') : header;
  const last = joined?.split(',').at(-1)?.trim();
  return last ? last : direct;
}
