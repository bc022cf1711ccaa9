/** Writing an @-mention: the query at the caret, the picked member's name put in, and who the posted text mentions. */
import { describe, expect, it } from 'vitest';
import { insertMention, matchingMembers, mentionQueryAt, mentionRuns, mentionsIn } from './mentions.ts';

const zhang = { id: '7', displayName: '张伟', name: 'zhangwei' };
const li = { id: '9', displayName: '李娜', name: 'lina' };
const li2 = { id: '12', displayName: '李娜', name: 'lina2' };

describe('mentions', () => {
  it('find the @query the caret ends, not an e-mail address or a finished word', () => {
    expect(mentionQueryAt('请 @李', 4)).toEqual({ at: 2, query: '李' });
    expect(mentionQueryAt('@', 1)).toEqual({ at: 0, query: '' });
    expect(mentionQueryAt('请@张伟 核实', 7)).toBeNull();
    expect(mentionQueryAt('a@b.cn', 6)).toBeNull();
    expect(mentionQueryAt('没有提及', 4)).toBeNull();
  });

  it('match members by display or sign-in name', () => {
    expect(matchingMembers([zhang, li], 'LI')).toEqual([li]);
    expect(matchingMembers([zhang, li], '张')).toEqual([zhang]);
    expect(matchingMembers([zhang, li], '')).toEqual([zhang, li]);
  });

  it('put the picked name in place of the query', () => {
    expect(insertMention('请 @李 核实', 2, '李', li)).toEqual({ text: '请 @李娜  核实', caret: 6 });
  });

  it('mention the members named in the text, the picked one among namesakes', () => {
    expect(mentionsIn('@张伟 和 @李娜 请看', [zhang, li, li2], new Set(['12']))).toEqual(['7', '12']);
    expect(mentionsIn('@李娜 请看', [zhang, li, li2], new Set())).toEqual(['9', '12']);
    // Picked, then the name deleted from the text: not mentioned.
    expect(mentionsIn('请看', [zhang, li], new Set(['9']))).toEqual([]);
  });

  it('split a comment into text and mentions for display', () => {
    expect(mentionRuns('@李娜 请看 @张伟', [li, zhang])).toEqual([
      { text: '@李娜', mention: true },
      { text: ' 请看 ', mention: false },
      { text: '@张伟', mention: true },
    ]);
    expect(mentionRuns('@王五 请看', [li])).toEqual([{ text: '@王五 请看', mention: false }]);
  });
});
