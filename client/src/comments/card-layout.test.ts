/** Thread cards beside their anchors: never overlapping, never above the column, the open one at its anchor. */
import { describe, expect, it } from 'vitest';
import { stackCards } from './card-layout.ts';

describe('card layout', () => {
  it('puts each card at its anchor, pushed below the card above where they would overlap', () => {
    expect(stackCards([{ wanted: 0, height: 50 }, { wanted: 20, height: 30 }, { wanted: 200, height: 40 }], null, 8)).toEqual({ tops: [0, 58, 200], height: 240 });
    expect(stackCards([], null)).toEqual({ tops: [], height: 0 });
  });

  it('keeps the open card at its anchor and moves the cards above it up, not above the top', () => {
    expect(stackCards([{ wanted: 90, height: 40 }, { wanted: 100, height: 40 }, { wanted: 110, height: 40 }], 1, 10)).toEqual({
      tops: [50, 100, 150],
      height: 190,
    });
    // No room above: the column's top wins.
    expect(stackCards([{ wanted: 0, height: 60 }, { wanted: 10, height: 40 }], 1, 10).tops).toEqual([0, 70]);
  });
});
