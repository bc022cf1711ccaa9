import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isFinalVerdict, probeReport, verdictOfStatus } from './report-verdict.ts';

describe('verdictOfStatus', () => {
  it('reads 2xx as readable, 401 as signed out, 403 as forbidden, 400/404/410 as not found', () => {
    expect(verdictOfStatus(200)).toBe('readable');
    expect(verdictOfStatus(401)).toBe('signed-out');
    expect(verdictOfStatus(403)).toBe('forbidden');
    expect(verdictOfStatus(404)).toBe('not-found');
    expect(verdictOfStatus(400)).toBe('not-found');
    expect(verdictOfStatus(410)).toBe('not-found');
  });

  it('reads no answer, server errors and anything else as unreachable: the local copy keeps working', () => {
    for (const status of [null, 500, 502, 503, 504, 429, 302]) expect(verdictOfStatus(status)).toBe('unreachable');
  });

  it('calls only answers about the report final', () => {
    expect(['readable', 'unreachable', 'forbidden', 'not-found', 'signed-out'].filter((v) => isFinalVerdict(v as never))).toEqual([
      'forbidden',
      'not-found',
      'signed-out',
    ]);
  });
});

describe('probeReport', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A real HTTP server answering `status` for every path, recording the paths asked. */
  async function answering(status: number | 'never'): Promise<{ base: string; paths: string[] }> {
    const paths: string[] = [];
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      if (status === 'never') return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
  }

  const fetchFrom = (base: string): typeof fetch => (input, init) => fetch(`${base}${String(input)}`, init);

  it("asks GET /api/reports/:id with the id encoded and reads the answer's status", async () => {
    const { base, paths } = await answering(403);
    expect(await probeReport('a b/c', fetchFrom(base))).toBe('forbidden');
    expect(paths).toEqual(['/api/reports/a%20b%2Fc']);
  });

  it('is unreachable when nothing listens, and when the answer does not come in time', async () => {
    const { base } = await answering('never');
    expect(await probeReport('r1', fetchFrom(base), 200)).toBe('unreachable');
    expect(await probeReport('r1', fetchFrom('http://127.0.0.1:1'))).toBe('unreachable');
  });
});
