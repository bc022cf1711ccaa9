/**
 * Comparing versions and restoring one, over a real server with accounts and real websocket
 * peers: the comparison names the changed cell and the changed sentence; a restore brings the
 * old content back into every open peer's document live, as a change made by the server, after
 * saving the draft it replaces as a version.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VersionDetail, VersionSummary } from '../../schema/api.ts';
import type { ReportComparison } from '../../schema/compare.ts';
import { replaceInPart } from '../../schema/test-support/text-edits.ts';
import { tablePartKeys } from '../../schema/format.ts';
import { cellsMap, isTableElement, narrativeFragment, partFragment, readReportData } from '../../schema/ydoc.ts';
import { TestBed, waitFor } from '../test-support/test-bed.ts';
import { canonicalContent } from './content-hash.ts';
import { savedBeforeRestoreName } from './report-versions.ts';
import { startVersionsServer } from './test-support/versions-server.ts';

const bed = new TestBed();
afterEach(() => bed.cleanup());

const oldSentence = '本单位2024年未收取信息处理费，无其他需要报告事项。';
const newSentence = '本单位2024年收取信息处理费20元，无其他需要报告事项。';

describe('comparing versions', () => {
  it('shows the changed cell with its old and new values and the changed sentence, against the draft and between versions', async () => {
    const server = await startVersionsServer(bed);
    const owner = await server.peer('owner');
    const viewer = await server.peer('viewer');
    expect((await server.call('owner', 'POST', '/versions', { kind: 'draft', name: '一稿' })).status).toBe(201);
    const before = readReportData(viewer.doc);
    await server.edit(
      owner,
      viewer,
      (doc) => {
        cellsMap(doc, 'proactive').set('licensing.decisions', '5');
        replaceInPart(doc, 'other', '未收取信息处理费', '收取信息处理费20元');
      },
      (data) => data.parts.other.includes('20元') && data.tables.proactive['licensing.decisions'] === '5',
    );

    const againstDraft = await server.call('reviewer', 'GET', '/versions/1/compare/draft');
    expect(againstDraft.status).toBe(200);
    const body = (await againstDraft.json()) as { from: number; to: string; comparison: ReportComparison };
    expect(body.from).toBe(1);
    expect(body.to).toBe('draft');
    const { comparison } = body;
    expect(comparison.changed).toBe(true);
    expect(comparison.parts.filter((p) => p.changed).map((p) => p.part)).toEqual(['proactive', 'other']);
    expect(comparison.parts.find((p) => p.part === 'proactive')!.cells).toEqual([
      {
        id: 'proactive.licensing.decisions',
        label: '第二部分“行政许可”的“本年处理决定数量”',
        before: before.tables.proactive['licensing.decisions'] ?? '',
        after: '5',
      },
    ]);
    expect(comparison.parts.find((p) => p.part === 'other')!.texts[0].sentences).toEqual([{ kind: 'changed', before: oldSentence, after: newSentence, endsBlock: true }]);

    expect((await server.call('owner', 'POST', '/versions', { kind: 'draft', name: '二稿' })).status).toBe(201);
    const between = (await (await server.call('viewer', 'GET', '/versions/1/compare/2')).json()) as { to: number; comparison: ReportComparison };
    expect(between.to).toBe(2);
    expect(between.comparison).toEqual(comparison);
    const backwards = (await (await server.call('viewer', 'GET', '/versions/2/compare/1')).json()) as { comparison: ReportComparison };
    expect(backwards.comparison.parts.find((p) => p.part === 'other')!.texts[0].sentences).toEqual([{ kind: 'changed', before: newSentence, after: oldSentence, endsBlock: true }]);
    expect((await server.call('viewer', 'GET', '/versions/1/compare/3')).status).toBe(404);
  });
});

describe('restoring a version', () => {
  it("brings the version's text and cells back into a second peer's open document live, after saving the draft as a version", async () => {
    const server = await startVersionsServer(bed);
    const owner = await server.peer('owner');
    const editor = await server.peer('editor');
    const published = await server.call('owner', 'POST', '/versions', { kind: 'draft', name: '审核通过稿' });
    const { version: kept } = (await published.json()) as { version: VersionSummary };
    const keptState = new Uint8Array(await (await server.call('owner', 'GET', '/versions/1/state')).arrayBuffer());
    const keptDoc = new Y.Doc();
    Y.applyUpdate(keptDoc, keptState);

    // The draft moves on: a sentence rewritten, a paragraph added, a cell changed, a cell cleared.
    await server.edit(
      owner,
      editor,
      (doc) =>
        doc.transact(() => {
          replaceInPart(doc, 'other', '未收取信息处理费', '收取信息处理费20元');
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText('新增的一段说明。')]);
          narrativeFragment(doc, 'problems').push([paragraph]);
          const note = new Y.XmlElement('paragraph');
          note.insert(0, [new Y.XmlText('注：本表含上年结转申请。')]);
          partFragment(doc, 'requests').push([note]);
          cellsMap(doc, 'requests').set('received.natural', '7');
          cellsMap(doc, 'appeals').delete('review.upheld');
        }),
      (data) =>
        data.parts.other.includes('20元') &&
        data.parts.problems.includes('新增的一段说明') &&
        data.notes.requests.after.includes('上年结转') &&
        data.tables.requests['received.natural'] === '7',
    );
    const draftBefore = readReportData(editor.doc);

    const refused = await server.call('editor', 'POST', '/versions/1/restore');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: 'forbidden', message: '只有年报的所有者可以恢复历史版本' } });

    const restored = await server.call('owner', 'POST', '/versions/1/restore');
    expect(restored.status).toBe(200);
    const { restored: which, saved } = (await restored.json()) as { restored: VersionSummary; saved: VersionSummary };
    expect(which).toEqual(kept);
    expect(saved).toMatchObject({ number: 2, kind: 'draft', name: savedBeforeRestoreName(1), createdBy: { name: 'owner' } });

    // The editor's open document gets the old content back, live, from the server.
    await waitFor(() => readReportData(editor.doc).parts.other === readReportData(keptDoc).parts.other, 'the restored text in the open peer');
    await waitFor(() => canonicalContent(editor.doc) === canonicalContent(keptDoc), 'the whole restored content in the open peer');
    expect(readReportData(editor.doc)).toEqual(readReportData(keptDoc));
    expect(narrativeFragment(editor.doc, 'problems').toString()).toBe(narrativeFragment(keptDoc, 'problems').toString());
    // Each table part still holds its one table node, with the version's notes around it.
    for (const table of tablePartKeys) expect(partFragment(editor.doc, table).toArray().filter(isTableElement)).toHaveLength(1);
    expect(readReportData(editor.doc).notes).toEqual(readReportData(keptDoc).notes);
    await waitFor(() => canonicalContent(owner.doc) === canonicalContent(keptDoc), 'the restored content in the owner peer');

    // The draft that was replaced is kept, whole.
    const savedDetail = (await (await server.call('viewer', 'GET', '/versions/2')).json()) as { version: VersionDetail };
    expect(savedDetail.version.data).toEqual(draftBefore);
    // Restoring is a new change: the REST reads, and a peer that connects now, see the version.
    expect(await (await server.call('viewer', 'GET', '/data')).json()).toMatchObject({ parts: { other: readReportData(keptDoc).parts.other } });
    const late = await server.peer('viewer');
    expect(canonicalContent(late.doc)).toBe(canonicalContent(keptDoc));
    const list = (await (await server.call('viewer', 'GET', '/versions')).json()) as { versions: VersionSummary[] };
    expect(list.versions.map((v) => [v.number, v.kind])).toEqual([
      [1, 'draft'],
      [2, 'draft'],
    ]);
    expect(list.versions[1].contentHash).not.toBe(list.versions[0].contentHash);

    // Editing goes on from the restored content, in both peers.
    await server.edit(editor, owner, (doc) => cellsMap(doc, 'requests').set('received.commercial', '4'), (data) => data.tables.requests['received.commercial'] === '4');
  });

  it('restoring the version the draft already equals changes nothing but still saves the draft', async () => {
    const server = await startVersionsServer(bed);
    const owner = await server.peer('owner');
    await server.call('owner', 'POST', '/versions', { kind: 'draft', name: '一稿' });
    const updates: Uint8Array[] = [];
    owner.doc.on('update', (update: Uint8Array) => updates.push(update));
    const restored = await server.call('owner', 'POST', '/versions/1/restore');
    expect(restored.status).toBe(200);
    const { saved } = (await restored.json()) as { saved: VersionSummary };
    const list = (await (await server.call('owner', 'GET', '/versions')).json()) as { versions: VersionSummary[] };
    expect(saved.contentHash).toBe(list.versions[0].contentHash);
    // A marker sent after the restore comes back through the same server to a second peer: had
    // the restore changed anything, the owner's peer would have received it before.
    const watcher = await server.peer('viewer');
    await server.edit(owner, watcher, (doc) => cellsMap(doc, 'requests').set('received.legal', '1'), (data) => data.tables.requests['received.legal'] === '1');
    expect(updates).toHaveLength(1);
  });
});
