/**
 * The update inspection of `comments` and `signoffs` (annotations.ts): every update the browser's
 * comment and sign-off functions write passes the schema and says whom it acts as; crafted ones
 * are refused to everyone (`violations`) or carry the author, mentions and steps the
 * connection's judge refuses (`annotationRefusal`). Over real websockets:
 * server/accounts/annotation-enforcement.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cellAnchor, partAnchor } from '../../schema/comments/anchor.ts';
import { textAnchorFromEditor } from '../../schema/comments/text-anchor.ts';
import { commentsMap, createThread, deleteComment, editComment, readThreads, replyToThread, setThreadResolved } from '../../schema/comments/threads.ts';
import { signoffsMap } from '../../schema/signoffs/records.ts';
import { signStep, withdrawSignoff } from '../../schema/signoffs/state.ts';
import { type AnnotationFootprint, annotationRefusal } from './annotations.ts';
import { authorizeUpdate } from './authorize.ts';
import { inspectUpdate } from './inspect.ts';
import { craftUpdate, seedPeers, updateOf } from './test-support/report-peers.ts';

const reviewer = { role: 'reviewer', parts: 'all' } as const;

/** The server's doc and a client, and a way to send the client's edits (applied when they pass). */
function setting() {
  const { server, client } = seedPeers();
  const send = (edit: () => void) => {
    const update = updateOf(client, edit);
    const footprint = inspectUpdate(server, update);
    if (footprint.violations.length === 0) Y.applyUpdate(server, update);
    return footprint;
  };
  return { server, client, send };
}

const sorted = (set: ReadonlySet<string> | undefined) => [...(set ?? [])].sort();
const summary = (annotations: AnnotationFootprint | undefined) => ({
  actingAs: sorted(annotations?.actingAs),
  mentions: sorted(annotations?.mentions),
  steps: sorted(annotations?.signoffSteps),
});

describe('what the browser writes', () => {
  it('passes, each update acting as the comment\'s author or the signer, with its mentions and steps', () => {
    const { server, client, send } = setting();
    let threadId = '';
    const made = send(() => (threadId = createThread(client, cellAnchor('requests', 'received.natural'), { author: '7', text: '请核对', mentions: ['9', '11'] })));
    expect(made.violations).toEqual([]);
    expect([...made.roots]).toEqual(['comments']);
    expect(summary(made.annotations)).toEqual({ actingAs: ['7'], mentions: ['11', '9'], steps: [] });
    expect(authorizeUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), reviewer).ok).toBe(true);

    let replyId = '';
    const replied = send(() => (replyId = replyToThread(client, threadId, { author: '9', text: '已核对' })));
    expect(summary(replied.annotations)).toEqual({ actingAs: ['9'], mentions: [], steps: [] });
    const firstId = readThreads(server)[0].comments[0].id;
    expect(summary(send(() => editComment(client, threadId, firstId, '7', { text: '请再核对', mentions: ['9'] })).annotations)).toEqual({ actingAs: ['7'], mentions: ['9'], steps: [] });
    expect(summary(send(() => setThreadResolved(client, threadId, true)).annotations)).toEqual({ actingAs: [], mentions: [], steps: [] });
    expect(summary(send(() => setThreadResolved(client, threadId, false)).annotations)).toEqual({ actingAs: [], mentions: [], steps: [] });
    expect(summary(send(() => deleteComment(client, threadId, replyId, '9')).annotations)).toEqual({ actingAs: ['9'], mentions: [], steps: [] });

    const anchored = textAnchorFromEditor(client, 'problems', 1, 5);
    if (!anchored.ok) throw new Error(anchored.message);
    expect(send(() => createThread(client, anchored.anchor, { author: '9', text: '这句有歧义' })).violations).toEqual([]);

    expect(summary(send(() => signStep(client, 'requests', 'head', '9')).annotations)).toEqual({ actingAs: ['9'], mentions: [], steps: ['head'] });
    expect(summary(send(() => signStep(client, 'requests', 'head', '9')).annotations)).toEqual({ actingAs: ['9'], mentions: [], steps: ['head'] });
    expect(summary(send(() => withdrawSignoff(client, 'requests', 'head')).annotations)).toEqual({ actingAs: [], mentions: [], steps: ['head'] });
    expect(readThreads(server).map((t) => t.comments.map((c) => c.text))).toEqual([['请再核对'], ['这句有歧义']]);
  });

  it('passes a thread made, replied to, edited and resolved offline, sent as one update', () => {
    const { server, client } = seedPeers();
    const update = updateOf(client, () => {
      const threadId = createThread(client, partAnchor('other'), { author: '7', text: '初稿' });
      const replyId = replyToThread(client, threadId, { author: '7', text: '补充' });
      editComment(client, threadId, replyId, '7', { text: '补充说明' });
      editComment(client, threadId, replyId, '7', { text: '补充说明二' });
      setThreadResolved(client, threadId, true);
      deleteComment(client, threadId, replyId, '7');
    });
    const footprint = inspectUpdate(server, update);
    expect(footprint.violations).toEqual([]);
    expect(summary(footprint.annotations)).toEqual({ actingAs: ['7'], mentions: [], steps: [] });
  });

  it('deleting a whole thread acts as the author of every comment still in it', () => {
    const { server, client, send } = setting();
    let threadId = '';
    send(() => (threadId = createThread(client, partAnchor('other'), { author: '7', text: '一' })));
    send(() => replyToThread(client, threadId, { author: '9', text: '二' }));
    expect(summary(send(() => commentsMap(client).delete(threadId)).annotations)).toEqual({ actingAs: ['7', '9'], mentions: [], steps: [] });
    expect(readThreads(server)).toEqual([]);
  });
});

/** Edits of the document a browser never makes, each refused to everyone. */
describe('crafted comments and sign-offs', () => {
  type Crafted = [string, (client: Y.Doc, threadId: string, comment: Y.Map<unknown>) => void, RegExp];
  const comment = (fields: Record<string, unknown>) => {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries({ id: 'c1', author: '7', text: '好', at: 1, mentions: [], ...fields })) if (value !== undefined) map.set(key, value);
    return map;
  };
  const thread = (fields: Record<string, unknown>, comments: Y.Map<unknown>[] = [comment({})]) => {
    const map = new Y.Map<unknown>();
    const list = new Y.Array<Y.Map<unknown>>();
    list.push(comments);
    for (const [key, value] of Object.entries({ anchor: { part: 'other' }, resolved: false, comments: list, ...fields })) if (value !== undefined) map.set(key, value);
    return map;
  };
  const list = (client: Y.Doc, threadId: string) => (commentsMap(client).get(threadId) as Y.Map<unknown>).get('comments') as Y.Array<Y.Map<unknown>>;

  const cases: Crafted[] = [
    ['a text over 10 000 characters', (c, t) => list(c, t).push([comment({ text: '字'.repeat(10_001) })]), /comment's text: a string of the wrong kind/],
    ['an empty text', (c, t) => list(c, t).push([comment({ text: '' })]), /comment's text/],
    ['an author that is a name', (c, t) => list(c, t).push([comment({ author: 'zhangsan' })]), /comment's author/],
    ['a time that is a string', (c, t) => list(c, t).push([comment({ at: '2025-01-01' })]), /comment's at/],
    ['a mention list with a name', (c, t) => list(c, t).push([comment({ mentions: ['lisi'] })]), /comment's mentions/],
    ['a comment key the layout does not have', (c, t) => list(c, t).push([comment({ colour: 'red' })]), /comment key "colour"/],
    ['a comment without an author', (c, t) => list(c, t).push([comment({ author: undefined })]), /new comment without author/],
    ['a comment without text', (c, t) => list(c, t).push([comment({ text: undefined })]), /new comment without text/],
    ['a string in a comment list', (c, t) => list(c, t).push(['好'] as never), /a string in a comment list/],
    ['a Y.Text as a comment value', (c, t) => list(c, t).push([comment({ text: new Y.Text('好') })]), /comment's text: a YText/],
    ['a Y.Map inside a comment value', (c, t) => list(c, t).push([comment({ mentions: new Y.Map() })]), /comment's mentions: a YMap/],
    ['a thread without an anchor', (c) => commentsMap(c).set('t2', thread({ anchor: undefined })), /new thread without anchor/],
    ['a thread without its comment list', (c) => commentsMap(c).set('t2', thread({ comments: undefined })), /new thread without comments/],
    ['an anchor that does not parse', (c) => commentsMap(c).set('t2', thread({ anchor: { part: 'requests', cell: 'nonsense' } })), /thread's anchor: a object of the wrong kind/],
    ['resolved as a string', (c) => commentsMap(c).set('t2', thread({ resolved: 'yes' })), /thread's resolved/],
    ['a thread key the layout does not have', (c, t) => (commentsMap(c).get(t) as Y.Map<unknown>).set('priority', 1), /thread key "priority"/],
    ['a thread id with a slash', (c) => commentsMap(c).set('a/b', thread({})), /thread id "a\/b"/],
    ['a thread id written again', (c, t) => commentsMap(c).set(t, thread({})), /thread \w+ written again/],
    ['a thread\'s anchor written again', (c, t) => (commentsMap(c).get(t) as Y.Map<unknown>).set('anchor', { part: 'appeals' }), /thread's anchor written again/],
    ['a thread\'s comment list replaced', (c, t) => (commentsMap(c).get(t) as Y.Map<unknown>).set('comments', new Y.Array()), /comment list written again/],
    ['a thread\'s anchor deleted', (c, t) => (commentsMap(c).get(t) as Y.Map<unknown>).delete('anchor'), /thread's "anchor" deleted without the thread/],
    ['a comment\'s author rewritten', (_c, _t, first) => first.set('author', '7'), /comment's author written again/],
    ['a comment\'s author deleted', (_c, _t, first) => first.delete('author'), /comment's author deleted without the comment/],
    ['a string as a thread', (c) => commentsMap(c).set('t3', '请核对'), /comments\[t3\]: a string is not a thread/],
    ['a sign-off under a key without a step', (c) => signoffsMap(c).set('requests', { by: '7', at: 1, digest: 'a'.repeat(64) }), /signoffs: a key "requests"/],
    ['a sign-off of an unknown part', (c) => signoffsMap(c).set('summary/head', { by: '7', at: 1, digest: 'a'.repeat(64) }), /signoffs: a key "summary\/head"/],
    ['a sign-off with a short digest', (c) => signoffsMap(c).set('requests/head', { by: '7', at: 1, digest: 'abc' }), /not a sign-off record/],
    ['a sign-off with a key too many', (c) => signoffsMap(c).set('requests/head', { by: '7', at: 1, digest: 'a'.repeat(64), note: '同意' }), /not a sign-off record/],
    ['a sign-off that is a Y.Map', (c) => signoffsMap(c).set('requests/head', new Y.Map()), /not a sign-off record/],
  ];

  it.each(cases)('refuses %s to everyone', (_what, edit, says) => {
    const { server, client, send } = setting();
    let threadId = '';
    send(() => (threadId = createThread(client, partAnchor('other'), { author: '7', text: '原文' })));
    const first = list(client, threadId).get(0);
    const update = updateOf(client, () => edit(client, threadId, first));
    expect(inspectUpdate(server, update).violations).toContainEqual(expect.stringMatching(says));
    expect(authorizeUpdate(server, update, { role: 'owner', parts: 'all' }).ok).toBe(false);
  });

  it('judges a lone value written after a stored one (a keystroke\'s shape) as a whole too', () => {
    const { server, client, send } = setting();
    let threadId = '';
    send(() => (threadId = createThread(client, partAnchor('other'), { author: '7', text: '原文' })));
    const first = list(client, threadId).get(0);
    const textItem = first._map.get('text')!;
    const origin = Y.createID(textItem.id.client, textItem.id.clock);
    const item = new Y.Item(Y.createID(9001, 0), null, origin, null, null, null, 'text', new Y.ContentAny(['改写了别人的批注']));
    const footprint = inspectUpdate(server, craftUpdate([{ client: 9001, clock: 0, structs: [item] }]));
    expect(footprint.violations).toEqual([]);
    expect(summary(footprint.annotations)).toEqual({ actingAs: ['7'], mentions: [], steps: [] });
  });
});

describe('annotationRefusal', () => {
  const footprint = (actingAs: string[], mentions: string[] = [], steps: ('drafter' | 'head' | 'leader')[] = []): AnnotationFootprint => ({
    actingAs: new Set(actingAs),
    mentions: new Set(mentions),
    signoffSteps: new Set(steps),
  });
  const actor = { user: '7', isMember: (u: string) => u === '7' || u === '9', isDesignated: (s: string) => s === 'head' };

  it('lets a user write their own comments, mentioning members, and the steps they are designated for', () => {
    expect(annotationRefusal(footprint(['7'], ['9'], ['head']), actor)).toBeUndefined();
    expect(annotationRefusal(footprint([]), actor)).toBeUndefined();
  });

  it('refuses acting as someone else, mentioning a non-member, and a step not designated', () => {
    expect(annotationRefusal(footprint(['7', '9']), actor)).toMatch(/acts as user 9/);
    expect(annotationRefusal(footprint(['7'], ['12']), actor)).toMatch(/mentions user 12/);
    expect(annotationRefusal(footprint(['7'], [], ['leader']), actor)).toMatch(/step leader/);
  });
});
