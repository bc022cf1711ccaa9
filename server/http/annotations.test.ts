/**
 * `GET /api/reports/:id/comments` and `/signoffs`, and the report's status in the list, against
 * a real server on a SQLite data folder, with comments and sign-offs written by a y-websocket
 * client through the browser's functions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CommentsResponse, SignoffsResponse } from '../../schema/api.ts';
import { cellAnchor } from '../../schema/comments/anchor.ts';
import { textAnchorFromEditor } from '../../schema/comments/text-anchor.ts';
import { createThread, editComment, readThreads, replyToThread, setThreadResolved } from '../../schema/comments/threads.ts';
import { partKeys } from '../../schema/format.ts';
import { partDigest } from '../../schema/signoffs/digest.ts';
import { signStep } from '../../schema/signoffs/state.ts';
import { signoffSteps } from '../../schema/signoffs/steps.ts';
import { cellsMap, narrativeFragment } from '../../schema/ydoc.ts';
import { sampleReportId } from '../reports.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { addPerson, bearer } from '../accounts/test-support/people.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

async function get<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Waits until the server's document is `doc`: the same structs, the same deletions. */
async function delivered(server: { rooms: { peek(id: string): { doc: Y.Doc } | undefined } }, doc: Y.Doc): Promise<void> {
  await waitFor(() => {
    const room = server.rooms.peek(sampleReportId);
    return room !== undefined && Y.equalSnapshots(Y.snapshot(room.doc), Y.snapshot(doc));
  }, 'the edits on the server');
}

describe('comments and sign-offs over REST', () => {
  it('lists every thread with its anchor, resolution, detachment and comments', async () => {
    const server = await bed.server();
    const client = bed.client(server.url, sampleReportId);
    await client.synced;
    const doc = client.doc;
    const made = textAnchorFromEditor(doc, 'problems', 1, 5);
    if (!made.ok) throw new Error(made.message);
    const onText = createThread(doc, made.anchor, { author: '7', text: '这句需要改写', at: Date.UTC(2025, 0, 10, 8) });
    const onCell = createThread(doc, cellAnchor('requests', 'received.natural'), { author: '9', text: '请核对', mentions: ['7'], at: Date.UTC(2025, 0, 11, 8) });
    const replyId = replyToThread(doc, onCell, { author: '7', text: '已核对', at: Date.UTC(2025, 0, 11, 9) });
    editComment(doc, onCell, replyId, '7', { text: '已核对，无误', at: Date.UTC(2025, 0, 11, 10) });
    setThreadResolved(doc, onCell, true);
    await delivered(server, doc);

    const url = `${server.url}/api/reports/${sampleReportId}/comments`;
    const ids = readThreads(doc).map((t) => t.comments.map((c) => c.id));
    expect(await get<CommentsResponse>(url)).toEqual({
      threads: [
        {
          id: onText,
          anchor: { part: 'problems', fragment: 'problems', quote: made.anchor.quote },
          resolved: false,
          detached: false,
          comments: [{ id: ids[0][0], author: '7', text: '这句需要改写', at: '2025-01-10T08:00:00.000Z', edited: null, mentions: [] }],
        },
        {
          id: onCell,
          anchor: { part: 'requests', cell: 'received.natural' },
          resolved: true,
          detached: false,
          comments: [
            { id: ids[1][0], author: '9', text: '请核对', at: '2025-01-11T08:00:00.000Z', edited: null, mentions: ['7'] },
            { id: ids[1][1], author: '7', text: '已核对，无误', at: '2025-01-11T09:00:00.000Z', edited: '2025-01-11T10:00:00.000Z', mentions: [] },
          ],
        },
      ],
    });

    // The commented text deleted: the thread stays, detached, with its quote.
    ((narrativeFragment(doc, 'problems').get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 6);
    await delivered(server, doc);
    const after = await get<CommentsResponse>(url);
    expect(after.threads[0]).toMatchObject({ id: onText, detached: true, anchor: { quote: made.anchor.quote } });
  });

  it('gives each part\'s state and recorded steps, lapsed ones marked, and the report\'s status in the list, stored', async () => {
    const server = await bed.server();
    const client = bed.client(server.url, sampleReportId);
    await client.synced;
    const doc = client.doc;
    const url = `${server.url}/api/reports/${sampleReportId}`;
    const status = async () => (await get<{ reports: { id: string; status: string }[] }>(`${server.url}/api/reports`)).reports[0].status;
    expect(await status()).toBe('draft');

    for (const step of signoffSteps) signStep(doc, 'requests', step, '7', Date.UTC(2025, 0, 12));
    signStep(doc, 'other', 'drafter', '8', Date.UTC(2025, 0, 12));
    await delivered(server, doc);
    const signed = await get<SignoffsResponse>(`${url}/signoffs`);
    expect(signed.status).toBe('review');
    expect(signed.parts.map((p) => [p.part, p.state])).toEqual(partKeys.map((part) => [part, part === 'requests' ? 'approved' : part === 'other' ? 'confirmed' : 'drafting']));
    const requests = signed.parts.find((p) => p.part === 'requests')!;
    expect(requests.digest).toBe(partDigest(doc, 'requests'));
    expect(requests.steps).toEqual(
      signoffSteps.map((step) => ({ step, by: '7', at: '2025-01-12T00:00:00.000Z', digest: requests.digest, counts: true, lapsed: false })),
    );
    expect(signed.parts.find((p) => p.part === 'overview')!.steps).toEqual([]);
    expect(await status()).toBe('review');

    // An edit of table 三 lapses its chain: every step still recorded, none counting.
    cellsMap(doc, 'requests').set('received.natural', '99');
    await delivered(server, doc);
    const lapsed = (await get<SignoffsResponse>(`${url}/signoffs`)).parts.find((p) => p.part === 'requests')!;
    expect(lapsed.state).toBe('drafting');
    expect(lapsed.steps.map((s) => [s.step, s.counts, s.lapsed])).toEqual(signoffSteps.map((step) => [step, false, true]));

    for (const part of partKeys) for (const step of signoffSteps) signStep(doc, part, step, '7');
    await delivered(server, doc);
    expect(await status()).toBe('approved');

    // Stored: a restarted server lists it without loading the document.
    await server.close();
    const restarted = await bed.server({ dataDir: server.dataDir });
    expect((await get<{ reports: { status: string }[] }>(`${restarted.url}/api/reports`)).reports[0].status).toBe('approved');
    expect(restarted.rooms.peek(sampleReportId)).toBeUndefined();
  });

  it('has the read access of the report: members read, others get 403', async () => {
    const server = await bed.server({ auth: 'accounts' });
    const reader = await addPerson(server, 'reader', { reportId: sampleReportId, rights: { role: 'viewer', parts: 'all' } });
    const outsider = await addPerson(server, 'outsider');
    for (const path of ['comments', 'signoffs']) {
      const url = `${server.url}/api/reports/${sampleReportId}/${path}`;
      expect((await fetch(url, { headers: bearer(reader.token) })).status).toBe(200);
      expect((await fetch(url, { headers: bearer(outsider.token) })).status).toBe(403);
      expect((await fetch(url, { method: 'POST', headers: bearer(reader.token) })).status).toBe(405);
    }
  });
});
