/**
 * Where the thread cards of one section go in the side column: each as near its anchor's top as
 * it can be without overlapping another. The open card, if any, sits at its anchor and the cards
 * above it move up to make room (down to the column's top, no further). Pure: from each card's
 * wanted top and height.
 */

export interface CardPlace {
  /** The top the card would like (its anchor's top, relative to the section). */
  readonly wanted: number;
  readonly height: number;
}

/** The space between two cards. */
export const cardGap = 8;

/**
 * The tops of the cards, in the order given (the caller sorts them by wanted top, ties in the
 * order they should stack), and the height the column needs. `focus`: the index of the card to
 * keep at its wanted top where the cards above it fit.
 */
export function stackCards(cards: readonly CardPlace[], focus: number | null = null, gap = cardGap): { readonly tops: number[]; readonly height: number } {
  const tops = cards.map((c) => c.wanted);
  if (focus !== null && focus >= 0 && focus < cards.length) {
    for (let i = focus - 1; i >= 0; i--) tops[i] = Math.min(tops[i], tops[i + 1] - gap - cards[i].height);
  }
  // Downwards: nothing above the column's top, nothing overlapping the card above.
  let bottom: number | null = null;
  for (let i = 0; i < cards.length; i++) {
    tops[i] = Math.max(tops[i], 0, bottom === null ? 0 : bottom + gap);
    bottom = tops[i] + cards[i].height;
  }
  return { tops, height: bottom ?? 0 };
}
