import { describe, expect, it } from 'vitest';
import { partKeys } from './format.ts';
import {
  type Rights,
  canComment,
  canEditPart,
  canEditRoot,
  canSignOff,
  editableParts,
  hasAllContentRights,
  isReadOnly,
  lockReason,
  parseRights,
  reportRoleLabels,
} from './permissions.ts';
import { rootNames } from './ydoc.ts';

const owner: Rights = { role: 'owner', parts: 'all' };
const fullEditor: Rights = { role: 'editor', parts: 'all' };
const requestsClerk: Rights = { role: 'editor', parts: ['requests'] };
const overviewWriter: Rights = { role: 'editor', parts: ['overview'] };
const reviewer: Rights = { role: 'reviewer', parts: 'all' };
const viewer: Rights = { role: 'viewer', parts: 'all' };

const everyRoot = [
  rootNames.meta,
  ...Object.values(rootNames.text),
  ...Object.values(rootNames.cells),
  rootNames.comments,
  rootNames.signoffs,
];

/** Which roots each kind of connection may write: the table of docs/architecture.md. */
const writableRoots: [string, Rights, string[]][] = [
  ['owner', owner, everyRoot],
  ['full editor', fullEditor, everyRoot.filter((r) => r !== 'meta')],
  ['editor of table 三 (its notes and cells)', requestsClerk, ['text.requests', 'cells.requests', 'comments', 'signoffs']],
  ['editor of 一', overviewWriter, ['text.preamble', 'text.overview', 'comments', 'signoffs']],
  ['reviewer', reviewer, ['comments', 'signoffs']],
  ['viewer', viewer, []],
];

describe('canEditRoot', () => {
  it.each(writableRoots)('%s writes exactly its roots', (_name, rights, expected) => {
    expect(everyRoot.filter((root) => canEditRoot(rights, root))).toEqual(expected);
  });

  it('refuses a root name the layout does not know, even to the owner', () => {
    expect(canEditRoot(owner, 'evil')).toBe(false);
    expect(canEditRoot(owner, 'text.summary')).toBe(false);
  });
});

describe('roles', () => {
  it('labels every role in zh-CN', () => {
    expect(reportRoleLabels).toEqual({ owner: '所有者', editor: '编辑', reviewer: '审核人', viewer: '查看者' });
  });

  it('lists editable parts in the format order whatever the order given', () => {
    expect(editableParts({ role: 'editor', parts: ['appeals', 'overview'] })).toEqual(['overview', 'appeals']);
    expect(editableParts(owner)).toEqual(partKeys);
    expect(editableParts(reviewer)).toEqual([]);
  });

  it('trusts only owners and editors of every part with all content', () => {
    expect([owner, fullEditor, requestsClerk, reviewer, viewer].map(hasAllContentRights)).toEqual([true, true, false, false, false]);
    expect(hasAllContentRights({ role: 'editor', parts: [...partKeys] })).toBe(true);
  });

  it('lets everyone but a viewer comment and sign off', () => {
    expect([owner, requestsClerk, reviewer, viewer].map(canComment)).toEqual([true, true, true, false]);
    expect([owner, requestsClerk, reviewer, viewer].map(canSignOff)).toEqual([true, true, true, false]);
  });

  it('calls only a viewer (or an editor of nothing) read-only', () => {
    expect([owner, fullEditor, requestsClerk, reviewer, viewer].map(isReadOnly)).toEqual([false, false, false, false, true]);
    expect(canEditPart(reviewer, 'overview')).toBe(false);
  });
});

describe('lockReason', () => {
  it('is null where the connection may edit', () => {
    expect(lockReason(requestsClerk, 'requests')).toBeNull();
    expect(lockReason(owner, 'meta')).toBeNull();
  });

  it('explains each kind of lock in zh-CN', () => {
    expect(lockReason(viewer, 'overview')).toBe('您是查看者，只能阅读本报告');
    expect(lockReason(reviewer, 'requests')).toBe('您是审核人，可以批注和签署，不能修改正文');
    expect(lockReason({ role: 'editor', parts: ['requests', 'proactive'] }, 'overview')).toBe(
      '此部分未分配给您编辑（您负责的部分：二、三）',
    );
    expect(lockReason(fullEditor, 'meta')).toBe('报告的基本信息（机关名称、年度、发布日期）仅所有者可以修改');
  });
});

describe('parseRights', () => {
  it('accepts a role alone and an editor limited to parts', () => {
    expect(parseRights('viewer')).toEqual({ ok: true, rights: viewer });
    expect(parseRights('editor', ['appeals', 'requests'])).toEqual({
      ok: true,
      rights: { role: 'editor', parts: ['requests', 'appeals'] },
    });
  });

  it('treats a list of every part as all parts', () => {
    expect(parseRights('editor', [...partKeys].reverse())).toEqual({ ok: true, rights: fullEditor });
  });

  it.each([
    ['admin', undefined, '未知的角色：admin（应为 owner、editor、reviewer、viewer 之一）'],
    ['reviewer', ['overview'], '只有编辑可以限定负责的部分，审核人不能'],
    ['editor', 'overview', '负责的部分应为部分名称的列表'],
    ['editor', ['overview', 'tables'], '未知的部分：tables'],
    ['editor', [], '编辑至少要负责一个部分；只阅读的成员请设为查看者'],
  ])('refuses role %s with parts %j', (role, parts, message) => {
    expect(parseRights(role, parts)).toEqual({ ok: false, message });
  });
});
