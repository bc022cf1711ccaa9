/**
 * The websocket door with accounts on (docs/api.md, "Refused upgrades"): credentials are judged
 * before the report is looked up, so that an upgrade without them loads nothing and learns
 * nothing; an unknown report and a forbidden one get the same answer; an unreadable path is a
 * plain 400, not a server fault.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleReportId } from '../reports.ts';
import { TestBed, wsUrl } from '../test-support/test-bed.ts';
import { addPerson } from '../accounts/test-support/people.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

/** The HTTP answer to an upgrade: 101 once the socket opens, else the status and JSON body. */
async function upgradeAnswer(url: string, path: string): Promise<{ status: number; body: string }> {
  const ws = new WebSocket(`${wsUrl(url)}${path}`);
  bed.defer(() => ws.terminate());
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ status: 101, body: '' }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', reject);
  });
}

describe('the websocket upgrade judges credentials before the report', () => {
  it('without valid credentials answers 401 for a known and an unknown report alike, and loads nothing', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const known = await upgradeAnswer(server.url, `/sync/${sampleReportId}`);
    expect(known.status).toBe(401);
    expect(await upgradeAnswer(server.url, '/sync/no-such-report')).toEqual(known);
    expect(await upgradeAnswer(server.url, `/sync/${sampleReportId}?token=nbt_forged`)).toEqual(known);
    expect(server.rooms.openCount).toBe(0);
    expect(server.rooms.peek(sampleReportId)).toBeUndefined();
    expect(server.log.find('report loaded')).toEqual([]);
  });

  it('answers an unknown report exactly as a report the user may not read (403), and loads neither', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const outsider = await addPerson(server, 'outsider');
    const admin = await addPerson(server, 'chief', { role: 'admin' });
    const member = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });

    const forbidden = await upgradeAnswer(server.url, `/sync/${sampleReportId}?token=${outsider.token}`);
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body)).toEqual({ error: { code: 'forbidden', message: '您没有此年报的访问权限' } });
    expect(await upgradeAnswer(server.url, `/sync/no-such-report?token=${outsider.token}`)).toEqual(forbidden);
    expect(server.rooms.openCount).toBe(0);
    // An admin may open every report: an unknown one still gets the same answer.
    expect(await upgradeAnswer(server.url, `/sync/no-such-report?token=${admin.token}`)).toEqual(forbidden);
    expect(server.rooms.openCount).toBe(0);

    expect((await upgradeAnswer(server.url, `/sync/${sampleReportId}?token=${member.token}`)).status).toBe(101);
    expect(server.rooms.peek(sampleReportId)).toBeDefined();
  });

  it('answers an unreadable path with 400, logged as a warning without a stack (and without the token)', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const member = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const answer = await upgradeAnswer(server.url, `/sync/%E0%A4%A?token=${member.token}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'bad-request', message: '请求地址无效' } });
    expect(server.log.find('websocket upgrade with an unreadable path')).toEqual([
      expect.objectContaining({ level: 40, path: '/sync/%E0%A4%A' }),
    ]);
    expect(server.log.find('websocket upgrade with an unreadable path')[0]).not.toHaveProperty('err');
    expect(server.log.find('websocket upgrade failed')).toEqual([]);
    expect(JSON.stringify(server.log.lines)).not.toContain(member.token);
    expect(server.rooms.openCount).toBe(0);
  });

  it('answers a path that names no report id with 404 before asking for credentials', async () => {
    const server = await bed.server({ auth: 'accounts' });
    expect((await upgradeAnswer(server.url, '/elsewhere')).status).toBe(404);
    expect((await upgradeAnswer(server.url, '/sync/not.an.id')).status).toBe(404);
  });
});
