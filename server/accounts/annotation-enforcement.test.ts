/**
 * Comments and sign-offs over real websockets to a server on a SQLite data folder (issue 16,
 * item 5): what the browser's functions write is taken from reviewers, editors and owners, and
 * stored; a viewer's comment, someone else's comment edited or deleted, a forged author, an
 * overlong text, a mention of a non-member, a sign-off by someone the owner did not designate or
 * naming someone else are refused with 4403 — nothing of them is applied, stored or relayed, and
 * the others stay connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { partAnchor } from '../../schema/comments/anchor.ts';
import { commentsMap, createThread, editComment, readThreads, replyToThread, setThreadResolved } from '../../schema/comments/threads.ts';
import type { Rights } from '../../schema/permissions.ts';
import { signoffKey, signoffsMap } from '../../schema/signoffs/records.ts';
import { partSignoff, signStep } from '../../schema/signoffs/state.ts';
import { cellsMap } from '../../schema/ydoc.ts';
import type { RunningServer } from '../app.ts';
import { sampleReportId } from '../reports.ts';
import { storedDocument } from '../storage/test-support/stored-document.ts';
import { type LogCapture, TestBed, waitFor } from '../test-support/test-bed.ts';
import { addPerson, bearer, type Person } from './test-support/people.ts';
import { RawSyncClient } from './test-support/raw-sync.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const owner: Rights = { role: 'owner', parts: 'all' };
const reviewer: Rights = { role: 'reviewer', parts: 'all' };
const viewer: Rights = { role: 'viewer', parts: 'all' };
const clerk: Rights = { role: 'editor', parts: ['requests'] };

type Server = RunningServer & { log: LogCapture; dataDir: string };

interface Member {
  readonly person: Person;
  readonly id: string;
  readonly client: RawSyncClient;
}

/**
 * The sample report with an owner, two reviewers, a part-limited editor, a viewer and an owner
 * who writes markers, each on a raw sync client; a watching viewer on y-websocket; a thread by the first reviewer; the first
 * reviewer designated for 科室负责人.
 */
async function reportWithThread() {
  const server = await bed.server({ auth: 'accounts' });
  const people: Record<string, Member> = {};
  const roles: [string, Rights, number][] = [['owner', owner, 7101], ['bob', reviewer, 7102], ['carol', reviewer, 7103], ['clerk', clerk, 7104], ['dave', viewer, 7105], ['marker', owner, 7106]];
  for (const [name, rights, clientID] of roles) {
    const person = await addPerson(server, name, { reportId: sampleReportId, rights, displayName: name });
    people[name] = { person, id: String(person.user.id), client: await RawSyncClient.connect(bed, server.url, sampleReportId, person.token, clientID) };
  }
  const designated = await fetch(`${server.url}/api/reports/${sampleReportId}/signers`, {
    method: 'PUT',
    headers: { ...bearer(people.owner.person.token), 'Content-Type': 'application/json' },
    body: JSON.stringify({ head: ['bob'] }),
  });
  expect(designated.status).toBe(200);
  const watcher = await addPerson(server, 'watcher', { reportId: sampleReportId, rights: viewer });
  const observer = bed.client(server.url, sampleReportId, { params: { token: watcher.token } });
  await observer.synced;

  const bob = people.bob;
  let threadId = '';
  bob.client.sendEdit((doc) => (threadId = createThread(doc, partAnchor('requests'), { author: bob.id, text: '请核对本部分数字', mentions: [people.carol.id] })));
  await waitFor(() => readThreads(observer.doc).length === 1, 'the thread at the observer');
  for (const member of Object.values(people)) await member.client.catchUp();
  const commentId = readThreads(observer.doc)[0].comments[0].id;
  return { server, people, observer, threadId, commentId };
}

/** The comments and sign-offs as a document holds them. */
const annotationsOf = (doc: Y.Doc) => JSON.stringify({ comments: commentsMap(doc).toJSON(), signoffs: signoffsMap(doc).toJSON() });

/** A cell edit by an owner, seen by the observer: whatever was relayed before it has arrived. */
async function marker(writer: Member, observer: { doc: Y.Doc }, value: string): Promise<void> {
  writer.client.sendEdit((doc) => cellsMap(doc, 'appeals').set('review.corrected', value));
  await waitFor(() => cellsMap(observer.doc, 'appeals').get('review.corrected') === value, `the marker edit ${value}`);
}

async function storedDoc(server: Server): Promise<Y.Doc> {
  await server.rooms.peek(sampleReportId)!.flushed();
  await server.close();
  return storedDocument(server.dataDir, sampleReportId);
}

describe('comments and sign-offs the browser writes', () => {
  it('are taken from reviewers, editors and owners, relayed and stored', async () => {
    const { server, people, observer, threadId, commentId } = await reportWithThread();
    const { bob, carol, clerk } = people;
    carol.client.sendEdit((doc) => replyToThread(doc, threadId, { author: carol.id, text: '已核对，无误' }));
    bob.client.sendEdit((doc) => editComment(doc, threadId, commentId, bob.id, { text: '请核对本部分数字（已补充）', mentions: [carol.id] }));
    clerk.client.sendEdit((doc) => setThreadResolved(doc, threadId, true));
    bob.client.sendEdit((doc) => signStep(doc, 'requests', 'head', bob.id, 1000));
    await waitFor(() => signoffsMap(observer.doc).has(signoffKey('requests', 'head')), 'the sign-off at the observer');
    for (const member of [bob, carol, clerk]) expect(await member.client.handled()).toBe('answered');

    const [thread] = readThreads(observer.doc);
    expect(thread).toMatchObject({ resolved: true });
    expect(thread.comments.map((c) => [c.author, c.text, c.edited !== null])).toEqual([
      [bob.id, '请核对本部分数字（已补充）', true],
      [carol.id, '已核对，无误', false],
    ]);
    const expected = annotationsOf(observer.doc);
    const stored = await storedDoc(server);
    expect(annotationsOf(stored)).toBe(expected);
    expect(partSignoff(stored, 'requests').steps[1]).toMatchObject({ step: 'head', record: { by: bob.id, at: 1000 }, current: true });
  });
});

type Attack = {
  what: string;
  by: 'bob' | 'carol' | 'dave' | 'owner';
  edit: (doc: Y.Doc, context: { ids: Record<string, string>; threadId: string; commentId: string }) => void;
  /** What the server log gives as the reason. */
  says: RegExp;
};

const comments = (doc: Y.Doc, threadId: string) => (commentsMap(doc).get(threadId) as Y.Map<unknown>).get('comments') as Y.Array<Y.Map<unknown>>;

const attacks: Attack[] = [
  { what: 'a viewer\'s comment', by: 'dave', edit: (d, { ids, threadId }) => replyToThread(d, threadId, { author: ids.dave, text: '我也看看' }), says: /viewer may not change comments/ },
  {
    what: 'a reviewer editing another user\'s comment',
    by: 'carol',
    edit: (d, { threadId }) => comments(d, threadId).get(0).set('text', '改成我的意思'),
    says: /acts as user \d+/,
  },
  { what: 'a reviewer deleting another user\'s comment', by: 'carol', edit: (d, { threadId }) => comments(d, threadId).delete(0, 1), says: /acts as user \d+/ },
  { what: 'a reviewer deleting another user\'s thread', by: 'carol', edit: (d, { threadId }) => commentsMap(d).delete(threadId), says: /acts as user \d+/ },
  { what: 'a comment with a forged author', by: 'carol', edit: (d, { ids, threadId }) => replyToThread(d, threadId, { author: ids.bob, text: '我同意' }), says: /acts as user \d+/ },
  {
    what: 'a comment over 10 000 characters',
    by: 'carol',
    edit: (d, { ids, threadId }) => {
      const comment = new Y.Map<unknown>();
      for (const [key, value] of Object.entries({ id: 'long', author: ids.carol, text: '字'.repeat(10_001), at: 1, mentions: [] })) comment.set(key, value);
      comments(d, threadId).push([comment]);
    },
    says: /schema does not allow: comments: a comment's text/,
  },
  { what: 'a mention of a non-member', by: 'carol', edit: (d, { ids, threadId }) => replyToThread(d, threadId, { author: ids.carol, text: '请看', mentions: ['999999'] }), says: /mentions user 999999/ },
  { what: 'a sign-off by a reviewer not designated for the step', by: 'carol', edit: (d, { ids }) => signStep(d, 'requests', 'head', ids.carol), says: /step head, which the owner did not designate/ },
  { what: 'a sign-off by the owner, not designated either', by: 'owner', edit: (d, { ids }) => signStep(d, 'requests', 'drafter', ids.owner), says: /step drafter/ },
  { what: 'a sign-off naming someone else', by: 'bob', edit: (d, { ids }) => signStep(d, 'requests', 'head', ids.carol), says: /acts as user \d+/ },
];

describe('crafted comments and sign-offs over a websocket', () => {
  it.each(attacks)('$what: refused with 4403; storage and the other clients never see it', async ({ by, edit, says }) => {
    const { server, people, observer, threadId, commentId } = await reportWithThread();
    const before = annotationsOf(observer.doc);
    const ids = Object.fromEntries(Object.entries(people).map(([name, m]) => [name, m.id]));
    const attacker = people[by];
    attacker.client.sendEdit((doc) => edit(doc, { ids, threadId, commentId }));
    expect(await attacker.client.socket.closed).toEqual({ code: 4403, reason: 'update refused' });
    const refusals = [...server.log.find('update refused by permissions'), ...server.log.find('update refused by the schema')];
    expect(refusals).toHaveLength(1);
    expect(String(refusals[0].reason)).toMatch(says);

    // Had the refused update been relayed, it would have reached the observer before the marker.
    await marker(people.marker, observer, '3');
    expect(annotationsOf(observer.doc)).toBe(before);
    expect(Y.getState(observer.doc.store, attacker.client.doc.clientID)).toBe(Y.getState(server.rooms.peek(sampleReportId)!.doc.store, attacker.client.doc.clientID));
    for (const other of Object.values(people)) if (other !== attacker) expect(await other.client.handled()).toBe('answered');
    expect(annotationsOf(await storedDoc(server))).toBe(before);
  });
});
