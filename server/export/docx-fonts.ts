/**
 * The DOCX export's fonts: the official-document faces (GB/T 9704-2012) for Chinese text, each
 * with the fallback Word and WPS look for when it is not installed.
 *
 * A run names its East Asian font in `w:rFonts w:eastAsia` and its Latin one (digits, letters) in
 * `w:ascii`/`w:hAnsi`. What a word processor does without that font is told by the document's font
 * table: `w:altName` is the name to try next (仿宋_GB2312 → 仿宋, the name Windows has since
 * Vista), and `w:panose1`, `w:charset` (86: GB2312), `w:family` and `w:pitch` let it pick the
 * nearest installed face when neither name is found. The docx package writes an empty font table
 * unless it embeds font files, so the table is passed to its packer as that part's content.
 */
import type { IFontAttributesProperties } from 'docx';

interface FontEntry {
  readonly name: string;
  readonly altName: string;
  readonly panose: string;
  /** 86 is GB2312 (simplified Chinese), 00 ANSI. */
  readonly charset: '86' | '00';
  readonly family: 'roman' | 'swiss' | 'modern' | 'auto';
  readonly pitch: 'fixed' | 'variable';
}

/** 仿宋_GB2312 for the body, 黑体 for headings, 宋体 in tables. */
const eastAsian = {
  body: { name: '仿宋_GB2312', altName: '仿宋', panose: '02010609030101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  heading: { name: '黑体', altName: 'SimHei', panose: '02010609060101010101', charset: '86', family: 'modern', pitch: 'fixed' },
  table: { name: '宋体', altName: 'SimSun', panose: '02010600030101010101', charset: '86', family: 'auto', pitch: 'variable' },
} as const satisfies Record<string, FontEntry>;

/** Latin text (digits above all) in official documents is set in Times New Roman. */
const latin = 'Times New Roman';
const code = 'Courier New';

function runFont(entry: FontEntry, latinFont = latin): IFontAttributesProperties {
  return { ascii: latinFont, hAnsi: latinFont, cs: latinFont, eastAsia: entry.name };
}

export const docxFonts = {
  body: runFont(eastAsian.body),
  heading: runFont(eastAsian.heading),
  table: runFont(eastAsian.table),
  code: runFont(eastAsian.body, code),
} as const;

const latinEntries: readonly FontEntry[] = [
  { name: latin, altName: 'Times', panose: '02020603050405020304', charset: '00', family: 'roman', pitch: 'variable' },
  { name: code, altName: 'Courier', panose: '02070309020205020404', charset: '00', family: 'modern', pitch: 'fixed' },
];

function fontXml(entry: FontEntry): string {
  return (
    `<w:font w:name="${entry.name}"><w:altName w:val="${entry.altName}"/><w:panose1 w:val="${entry.panose}"/>` +
    `<w:charset w:val="${entry.charset}"/><w:family w:val="${entry.family}"/><w:pitch w:val="${entry.pitch}"/></w:font>`
  );
}

/** `word/fontTable.xml`: every font the document names, with its fallback. */
export const fontTableXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
  [...Object.values(eastAsian), ...latinEntries].map(fontXml).join('') +
  '</w:fonts>';
