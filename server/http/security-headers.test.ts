/**
 * Every answer of the server carries the security headers (server/http/security-headers.ts):
 * pages, assets, the API, errors, refused websocket upgrades; and source maps are not served.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { TestBed, wsUrl } from '../test-support/test-bed.ts';
import { securityHeaders } from './security-headers.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** `header` reads one header of an answer by name (fetch's `Headers.get`, or Node's lower-cased record). */
function expectSecurityHeaders(header: (name: string) => unknown): void {
  for (const [name, value] of Object.entries(securityHeaders)) expect(header(name), name).toBe(value);
}

describe('security headers', () => {
  it('the policy: own origin only, no inline script or style, no framing, no plugins, no <base>', () => {
    expect(securityHeaders['Content-Security-Policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(securityHeaders).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
  });

  it('are on the page, its assets, the API, errors and health, with accounts on', async () => {
    const clientDir = await bed.tempDir();
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>年报</title>');
    await mkdir(join(clientDir, 'assets'));
    await writeFile(join(clientDir, 'assets', 'app-abc.js'), 'console.log(1)');
    await writeFile(join(clientDir, 'assets', 'app-abc.js.map'), '{"version":3}');
    const server = await bed.server({ clientDir, auth: 'accounts' });
    for (const [path, status] of [
      ['/', 200],
      ['/reports/abc', 200],
      ['/assets/app-abc.js', 200],
      ['/assets/missing.js', 404],
      ['/api/reports', 401],
      ['/healthz', 200],
    ] as const) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(status);
      expectSecurityHeaders((name) => res.headers.get(name));
    }
    // A source map left in the folder is not served.
    expect((await fetch(`${server.url}/assets/app-abc.js.map`)).status).toBe(404);
  });

  it('are on a refused websocket upgrade', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const ws = new WebSocket(`${wsUrl(server.url)}/sync/abc`);
    bed.defer(() => ws.terminate());
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.headers);
      });
      ws.once('error', reject);
    });
    expectSecurityHeaders((name) => headers[name.toLowerCase()]);
  });
});
