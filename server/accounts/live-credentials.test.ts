/**
 * An open websocket ends with the credential that opened it (docs/api.md, "Close codes", 4401):
 * at once on sign-out; at the next check of the open connections' credentials (every few
 * seconds) after `nianbao user passwd`, run as an administrator runs it, in another process;
 * at the moment an access token expires. Other people's connections carry on.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { rightsCloseCodes } from '../../schema/permissions.ts';
import { cellsMap } from '../../schema/ydoc.ts';
import type { RunningServer } from '../app.ts';
import { runCli } from '../test-support/run-cli.ts';
import { sampleReportId } from '../reports.ts';
import { databaseFile } from '../storage/database.ts';
import { openSqliteStorage } from '../storage/sqlite.ts';
import { TestBed, UpgradeRefused, waitFor } from '../test-support/test-bed.ts';
import { addPerson, browserHeaders, signIn } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const editor = { role: 'editor', parts: 'all' } as const;
/** Long enough that only a triggered check runs during a test. */
const noPeriodicCheck = { limits: { credentialCheckMs: 3_600_000 } };

/** Sends a cell write and waits until the server's document holds it. */
async function writeCell(server: RunningServer, client: RawSyncClient, key: string, value: string): Promise<void> {
  client.sendEdit((d) => cellsMap(d, 'proactive').set(key, value));
  await waitFor(() => cellsMap(server.rooms.peek(sampleReportId)!.doc, 'proactive').get(key) === value, `the write of ${key}`);
}

describe('open websockets end with their credentials', () => {
  it('a sign-out while the report loads, after the upgrade was authenticated, closes the connection with 4401 as it opens', async () => {
    // The report's load waits until the test lets it go: the upgrade is authenticated by then.
    const dataDir = await bed.tempDir();
    const storage = openSqliteStorage(dataDir);
    bed.defer(() => storage.close());
    let loadAsked!: () => void;
    const asked = new Promise<void>((resolve) => (loadAsked = resolve));
    let letLoad!: () => void;
    const gate = new Promise<void>((resolve) => (letLoad = resolve));
    const load = storage.loadDocument.bind(storage);
    storage.loadDocument = async (id) => {
      loadAsked();
      await gate;
      return load(id);
    };
    const server = await bed.server({ auth: 'accounts', dataDir, storage, ...noPeriodicCheck });
    await addPerson(server, 'clerk', { reportId: sampleReportId, rights: editor });
    const session = await signIn(server.url, 'clerk');
    const opening = bed.rawSocket(server.url, `/sync/${sampleReportId}`, { Cookie: session.cookie, Origin: server.url });
    await asked;
    const signOut = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: browserHeaders(server.url, session) });
    expect(signOut.status).toBe(204);
    letLoad();
    const socket = await opening;
    expect(await socket.closed).toEqual({ code: rightsCloseCodes.unauthenticated, reason: 'signed out' });
    expect(server.rooms.peek(sampleReportId)?.connectionCount ?? 0).toBe(0);
  });

  it('sign-out closes the connections of that session at once with 4401; another session of the same user carries on', async () => {
    const server = await bed.server({ auth: 'accounts', ...noPeriodicCheck });
    await addPerson(server, 'clerk', { reportId: sampleReportId, rights: editor });
    const office = await signIn(server.url, 'clerk');
    const home = await signIn(server.url, 'clerk');
    const atOffice = await RawSyncClient.connectWithCookie(bed, server.url, sampleReportId, office.cookie, 515151);
    const atHome = await RawSyncClient.connectWithCookie(bed, server.url, sampleReportId, home.cookie, 525252);
    await writeCell(server, atOffice, 'licensing.decisions', '1');

    const signOut = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: browserHeaders(server.url, office) });
    expect(signOut.status).toBe(204);
    expect(await atOffice.socket.closed).toEqual({ code: rightsCloseCodes.unauthenticated, reason: 'signed out' });
    expect(server.log.find('session ended: closed its connections')).toEqual([expect.objectContaining({ closed: 1 })]);

    await writeCell(server, atHome, 'licensing.decisions', '2');
    await expect(RawSyncClient.connectWithCookie(bed, server.url, sampleReportId, office.cookie, 515151)).rejects.toEqual(new UpgradeRefused(401));
  });

  it('`nianbao user passwd` in another process closes the user\'s session and token connections at the next check; others carry on', async () => {
    const server = await bed.server({ auth: 'accounts', ...noPeriodicCheck });
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: editor });
    const colleague = await addPerson(server, 'colleague', { reportId: sampleReportId, rights: editor });
    const session = await signIn(server.url, 'clerk');
    const bySession = await RawSyncClient.connectWithCookie(bed, server.url, sampleReportId, session.cookie, 535353);
    const byToken = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 545454);
    const other = await RawSyncClient.connect(bed, server.url, sampleReportId, colleague.token, 555555);
    await writeCell(server, byToken, 'licensing.decisions', '3');

    const passwd = await runCli(['user', 'passwd', 'clerk', '--password-stdin', '--data', server.dataDir], 'a brand new secret\n');
    expect(passwd).toMatchObject({ code: 0, stderr: '' });
    // Nothing told the server yet: the connections are open until the check reads the database.
    expect(bySession.socket.ws.readyState).toBe(bySession.socket.ws.OPEN);
    expect(byToken.socket.ws.readyState).toBe(byToken.socket.ws.OPEN);

    expect(await server.accounts!.credentials.check()).toBe(2);
    expect(await bySession.socket.closed).toEqual({ code: rightsCloseCodes.unauthenticated, reason: 'session ended' });
    expect(await byToken.socket.closed).toEqual({ code: rightsCloseCodes.unauthenticated, reason: 'token ended' });
    expect(server.log.find('credentials ended: closed their connections')).toEqual([expect.objectContaining({ closed: 2 })]);

    await writeCell(server, other, 'licensing.decisions', '4');
    expect(other.socket.ws.readyState).toBe(other.socket.ws.OPEN);
    await expect(RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 545454)).rejects.toEqual(new UpgradeRefused(401));
    // A second check finds nothing more to close.
    expect(await server.accounts!.credentials.check()).toBe(0);
  });

  it('the periodic check runs at the configured interval', async () => {
    const server = await bed.server({ auth: 'accounts', limits: { credentialCheckMs: 50 } });
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: editor });
    const byToken = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 565656);
    expect((await runCli(['user', 'passwd', 'clerk', '--password-stdin', '--data', server.dataDir], 'a brand new secret\n')).code).toBe(0);
    expect(await byToken.socket.closed).toEqual({ code: rightsCloseCodes.unauthenticated, reason: 'token ended' });
  });

  it('a user deleted from the database (their sessions and tokens go with them) is closed by the next check', async () => {
    const server = await bed.server({ auth: 'accounts', ...noPeriodicCheck });
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: editor });
    const colleague = await addPerson(server, 'colleague', { reportId: sampleReportId, rights: editor });
    const byToken = await RawSyncClient.connect(bed, server.url, sampleReportId, clerk.token, 575757);
    const other = await RawSyncClient.connect(bed, server.url, sampleReportId, colleague.token, 585858);
    const db = new Database(databaseFile(server.dataDir));
    try {
      db.pragma('foreign_keys = ON');
      db.prepare('DELETE FROM users WHERE name = ?').run('clerk');
    } finally {
      db.close();
    }
    expect(await server.accounts!.credentials.check()).toBe(1);
    expect((await byToken.socket.closed).code).toBe(rightsCloseCodes.unauthenticated);
    await writeCell(server, other, 'licensing.decisions', '5');
  });

  it('a connection on an access token closes with 4401 when the token expires, not before', async () => {
    const server = await bed.server({ auth: 'accounts', ...noPeriodicCheck });
    const clerk = await addPerson(server, 'clerk', { reportId: sampleReportId, rights: editor });
    const colleague = await addPerson(server, 'colleague', { reportId: sampleReportId, rights: editor });
    const { token, expiresAt } = await server.accounts!.sessions.mintToken(clerk.user, 2000);
    const shortLived = await RawSyncClient.connect(bed, server.url, sampleReportId, token, 595959);
    const other = await RawSyncClient.connect(bed, server.url, sampleReportId, colleague.token, 606060);
    await writeCell(server, shortLived, 'licensing.decisions', '6');

    const closed = await shortLived.socket.closed;
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(closed).toEqual({ code: rightsCloseCodes.unauthenticated, reason: 'token expired' });
    await writeCell(server, other, 'licensing.decisions', '7');
  });
});
