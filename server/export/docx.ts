/**
 * The DOCX export, written with the docx package's API only (so that the OOXML is valid and Word
 * and WPS open it without a repair prompt): an A4 page with the official document's margins
 * (GB/T 9704-2012: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right, a 156 × 225 mm type area),
 * body 仿宋_GB2312 三号 on a fixed 28 pt line with a two-character first-line indent, the title and
 * headings 黑体, the tables 宋体 五号 (docx-tables.ts), lists numbered as in the editor (each list
 * its own numbering, from its first number), a page number 「— 1 —」 at the foot.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  LevelFormat,
  LineRuleType,
  type NumberingDefinition,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TextRun,
} from 'docx';
import type { Block, Inline, ListItem, ListNumbering, Publication, Section } from '../../schema/publication/model.ts';
import { docxFonts, fontTableXml } from './docx-fonts.ts';
import { docxTable } from './docx-tables.ts';

/** Millimetres in twips (1/1440 inch). */
const mm = (value: number) => Math.round((value * 1440) / 25.4);
const page = { width: 11906, height: 16838, top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
/** The type area's width: the tables span it. */
const textWidth = page.width - page.left - page.right;

/** 三号 16 pt and 二号 22 pt, in half-points. */
const bodySize = 32;
const titleSize = 44;
/** A fixed 28 pt line (twips): 22 lines on the type area, as the standard has it. */
const bodyLine = 560;
/** Two characters of 三号: the first-line indent of every paragraph. */
const indent2 = 640;

export async function renderDocx(publication: Publication): Promise<Uint8Array> {
  const writer = new BlockWriter();
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(publication.title)] }),
    ...writer.blocks(publication.preamble),
    ...publication.sections.flatMap((section) => sectionContent(section, writer)),
    ...signature(publication),
  ];
  const document = new Document({
    title: publication.title,
    creator: publication.agency,
    styles: documentStyles(),
    numbering: { config: writer.numberingDefinitions() },
    sections: [
      {
        properties: {
          page: {
            size: { width: page.width, height: page.height },
            margin: { top: page.top, bottom: page.bottom, left: page.left, right: page.right, header: mm(15), footer: mm(20) },
          },
        },
        footers: { default: pageNumberFooter() },
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml }]);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function sectionContent(section: Section, writer: BlockWriter): (Paragraph | Table)[] {
  const title = new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.title)] });
  if (section.kind === 'narrative') return [title, ...writer.blocks(section.blocks)];
  return [title, ...writer.blocks(section.before), docxTable(section.table, textWidth), ...writer.blocks(section.after)];
}

/** The agency and the date, right-aligned under the text (落款). */
function signature(publication: Publication): Paragraph[] {
  const lines = [publication.agency, ...(publication.dateText === null ? [] : [publication.dateText])];
  return lines.map(
    (line, index) =>
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { firstLine: 0 },
        spacing: index === 0 ? { before: bodyLine } : {},
        children: [new TextRun(line)],
      }),
  );
}

function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        indent: { firstLine: 0 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: docxFonts.table, size: 28 })],
      }),
    ],
  });
}

function documentStyles() {
  const heading = (size: number, options: { center?: boolean } = {}) => ({
    run: { font: docxFonts.heading, size, bold: false, italics: false, color: '000000' },
    paragraph: {
      alignment: options.center ? AlignmentType.CENTER : AlignmentType.LEFT,
      indent: { firstLine: options.center ? 0 : indent2 },
      spacing: { line: bodyLine, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      keepNext: true,
    },
  });
  return {
    default: {
      document: {
        run: { font: docxFonts.body, size: bodySize },
        paragraph: { spacing: { line: bodyLine, lineRule: LineRuleType.EXACT, before: 0, after: 0 }, indent: { firstLine: indent2 } },
      },
      title: { ...heading(titleSize, { center: true }), paragraph: { ...heading(titleSize, { center: true }).paragraph, spacing: { line: 700, lineRule: LineRuleType.EXACT, after: bodyLine } } },
      heading1: heading(bodySize),
      heading2: heading(bodySize),
      heading3: heading(bodySize),
      heading4: heading(bodySize),
      heading5: heading(bodySize),
      heading6: heading(bodySize),
      hyperlink: { run: { color: '000000', underline: {} } },
    },
  };
}

const narrativeHeadings = [HeadingLevel.HEADING_2, HeadingLevel.HEADING_2, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5];

const levelFormats: Record<ListNumbering, (typeof LevelFormat)[keyof typeof LevelFormat]> = {
  '1': LevelFormat.DECIMAL,
  a: LevelFormat.LOWER_LETTER,
  A: LevelFormat.UPPER_LETTER,
  i: LevelFormat.LOWER_ROMAN,
  I: LevelFormat.UPPER_ROMAN,
};
const bullets = ['●', '○', '■'];

/**
 * Writes blocks as paragraphs. Every list is its own numbering instance, so that each counts from
 * its own first number as the editor shows it; lists of one kind and first number share a
 * definition (`numberingDefinitions`), the level giving the indent of a nested list.
 */
class BlockWriter {
  private readonly definitions = new Map<string, NumberingDefinition>();
  private instances = 0;

  numberingDefinitions(): NumberingDefinition[] {
    return [...this.definitions.values()];
  }

  blocks(blocks: readonly Block[], context: { indent: number; listLevel: number } = { indent: 0, listLevel: 0 }): (Paragraph | Table)[] {
    return blocks.flatMap((block) => this.block(block, context));
  }

  private block(block: Block, context: { indent: number; listLevel: number }): Paragraph[] {
    const indent = context.indent > 0 ? { left: context.indent, firstLine: 0 } : undefined;
    switch (block.kind) {
      case 'paragraph':
        return [new Paragraph({ ...(indent ? { indent } : {}), children: inlineRuns(block.inlines) })];
      case 'heading':
        return [new Paragraph({ heading: narrativeHeadings[block.level - 1], children: inlineRuns(block.inlines) })];
      case 'bulletList':
      case 'orderedList':
        return this.list(block, context);
      case 'blockquote':
        return this.blocks(block.blocks, { ...context, indent: context.indent + indent2 }) as Paragraph[];
      case 'codeBlock':
        return block.text.split('\n').map(
          (line) =>
            new Paragraph({
              indent: { left: context.indent + indent2, firstLine: 0 },
              children: [new TextRun({ text: line, font: docxFonts.code, size: 24 })],
            }),
        );
      case 'rule':
        return [new Paragraph({ indent: { firstLine: 0 }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, children: [] })];
    }
  }

  private list(block: Extract<Block, { kind: 'bulletList' | 'orderedList' }>, context: { indent: number; listLevel: number }): Paragraph[] {
    const reference = this.definition(block);
    const instance = ++this.instances;
    const level = Math.min(context.listLevel, 8);
    const textIndent = indent2 * (level + 2);
    return block.items.flatMap((item: ListItem) => {
      const [first, ...rest] = item.blocks;
      const numbered = new Paragraph({
        numbering: { reference, level, instance },
        children: first !== undefined && (first.kind === 'paragraph' || first.kind === 'heading') ? inlineRuns(first.inlines) : [],
      });
      const following = first !== undefined && (first.kind === 'paragraph' || first.kind === 'heading') ? rest : item.blocks;
      return [numbered, ...this.blocks(following, { indent: textIndent, listLevel: level + 1 }) as Paragraph[]];
    });
  }

  /** The definition of a list of this kind and first number (its levels differ in indent only). */
  private definition(block: Extract<Block, { kind: 'bulletList' | 'orderedList' }>): string {
    const reference = block.kind === 'bulletList' ? 'bullet' : `ordered-${block.numbering}-${block.start}`;
    if (!this.definitions.has(reference)) {
      const levels = Array.from({ length: 9 }, (_, level) => ({
        level,
        ...(block.kind === 'bulletList'
          ? { format: LevelFormat.BULLET, text: bullets[level % bullets.length] }
          : { format: levelFormats[block.numbering], text: `%${level + 1}.`, start: block.start }),
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: indent2 * (level + 2), hanging: indent2 } } },
      }));
      this.definitions.set(reference, { reference, levels });
    }
    return reference;
  }
}

function inlineRuns(inlines: readonly Inline[]): ParagraphChild[] {
  return inlines.map((inline): ParagraphChild => {
    if (inline.kind === 'break') return new TextRun({ break: 1 });
    const { marks } = inline;
    const run = new TextRun({
      text: inline.text,
      ...(marks.bold ? { bold: true } : {}),
      ...(marks.italic ? { italics: true } : {}),
      ...(marks.underline || marks.link !== null ? { underline: {} } : {}),
      ...(marks.strike ? { strike: true } : {}),
      ...(marks.code ? { font: docxFonts.code } : {}),
    });
    return marks.link === null ? run : new ExternalHyperlink({ link: marks.link, children: [run] });
  });
}
