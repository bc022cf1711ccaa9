import { describe, expect, it } from 'vitest';
import { allCells } from '../../../schema/format.ts';
import { moveFrom, tableGrids } from './grid.ts';

describe('table keyboard grid', () => {
  it('holds every cell of the format exactly once', () => {
    const ids = Object.values(tableGrids).flat(2);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(allCells.map((c) => c.id).sort());
  });

  it('Tab runs left to right and wraps to the next row; Shift+Tab back', () => {
    expect(moveFrom('requests.received.total', 'next')).toBe('requests.carriedOver.natural');
    expect(moveFrom('requests.carriedOver.natural', 'previous')).toBe('requests.received.total');
    expect(moveFrom('requests.carriedForward.total', 'next')).toBeUndefined();
  });

  it('arrows stop at the table edge', () => {
    expect(moveFrom('requests.received.natural', 'left')).toBeUndefined();
    expect(moveFrom('requests.received.natural', 'up')).toBeUndefined();
    expect(moveFrom('requests.received.natural', 'down')).toBe('requests.carriedOver.natural');
    expect(moveFrom('appeals.review.total', 'right')).toBe('appeals.suitDirect.upheld');
  });

  it('table 二: moving down from a three-column row into a one-column row keeps a valid column', () => {
    expect(moveFrom('proactive.normativeDocuments.inForce', 'down')).toBe('proactive.licensing.decisions');
    expect(moveFrom('proactive.licensing.decisions', 'up')).toBe('proactive.normativeDocuments.issued');
  });
});
