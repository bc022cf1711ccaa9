/** Sentence splitting for Chinese prose: claims never reach across 。；！？ or a line break. */

const sentenceEnd = /[。；;！!？?\n]+/u;

/** The non-empty sentences of `text`, without their closing punctuation. */
export function splitSentences(text: string): string[] {
  return text.split(sentenceEnd).filter((s) => s.trim() !== '');
}
