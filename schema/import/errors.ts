/** Why an imported text could not be read, and where: the message names the 1-based line. */
export class ImportError extends Error {
  constructor(
    /** 1-based line of the input the problem was found on. */
    readonly line: number,
    /** What is wrong, zh-CN, without the line prefix. */
    readonly detail: string,
  ) {
    super(`第${line}行：${detail}`);
    this.name = 'ImportError';
  }
}

/** One line of the input as the importer sees it. */
export interface SourceLine {
  /** 1-based line number. */
  readonly number: number;
  /** The line as written, without its line break. */
  readonly raw: string;
  /** Trimmed text. */
  readonly text: string;
  /** Word puts each table cell on its own tab-indented line. */
  readonly isCell: boolean;
}

export function splitSourceLines(text: string): SourceLine[] {
  return text
    .replace(/^\uFEFF/u, '')
    .split(/\r\n|\r|\n/u)
    .map((raw, i) => ({ number: i + 1, raw, text: raw.trim(), isCell: raw.startsWith('\t') }));
}

/** Shortens a quoted input fragment so that an error message stays one readable line. */
export function quote(text: string): string {
  const chars = [...text];
  return `“${chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : text}”`;
}
