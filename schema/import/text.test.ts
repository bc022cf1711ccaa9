import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSeedText } from '../test-support/seed-report.ts';
import { allCells, partTitles } from '../format.ts';
import { filledTables } from '../report.ts';
import { propertyTest } from '../test-support/seeded-runs.ts';
import { ImportError, importReportText } from './text.ts';

const seed = readSeedText();
const seedLines = seed.split('\n');

/** 1-based line numbers of the seed's value cells, in the format's reading order (allCells). */
const valueLineNumbers = seedLines.flatMap((line, i) => (/^\t\d+$/u.test(line) ? [i + 1] : []));

/** The seed with some lines replaced (1-based line number → new text, possibly several lines). */
function editSeed(edits: Record<number, string>): string {
  return seedLines.map((line, i) => edits[i + 1] ?? line).join('\n');
}

/** The seed without lines `from`..`to` (1-based, inclusive). */
function deleteSeedLines(from: number, to: number): string {
  return seedLines.filter((_, i) => i + 1 < from || i + 1 > to).join('\n');
}

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`fixture: ${needle} not in text`);
  return index + 1;
}

function importError(text: string): ImportError {
  try {
    importReportText(text);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError');
}

describe('importReportText: the seed report', () => {
  const { data, diagnostics, format } = importReportText(seed);

  it('reads agency, kind and year from the title broken over two lines', () => {
    expect(format).toBe(2021);
    expect(data.agency).toBe('余杭区商务局');
    expect(data.kind).toBe('department');
    expect(data.year).toBe(2024);
    expect(diagnostics).toEqual([]);
  });

  it('fills every cell of the three tables', () => {
    expect(valueLineNumbers).toHaveLength(allCells.length);
    const filled = filledTables(data);
    const blank = allCells.filter((def) => filled[def.table][def.key] === '');
    expect(blank.map((d) => d.id)).toEqual([]);
  });

  it('places the published non-zero figures in their cells', () => {
    expect(data.tables.requests['received.natural']).toBe('1');
    expect(data.tables.requests['received.total']).toBe('1');
    expect(data.tables.requests['disclosed.natural']).toBe('1');
    expect(data.tables.requests['disclosed.total']).toBe('1');
    expect(data.tables.requests['resultTotal.natural']).toBe('1');
    expect(data.tables.requests['resultTotal.total']).toBe('1');
    const nonZero = allCells.filter((def) => data.tables[def.table][def.key] !== '0').map((d) => d.id);
    expect(nonZero.sort()).toEqual(
      [
        'requests.received.natural',
        'requests.received.total',
        'requests.disclosed.natural',
        'requests.disclosed.total',
        'requests.resultTotal.natural',
        'requests.resultTotal.total',
      ].sort(),
    );
  });

  it('reads the narrative parts one block per line', () => {
    expect(data.preamble).toBe('');
    const overview = data.parts.overview.split('\n');
    expect(overview[0]).toMatch(/^2024年，余杭区商务局坚持以习近平/u);
    expect(overview).toContain('（一）主动公开');
    expect(overview).toContain('（五）监督保障');
    expect(overview).toHaveLength(12);
    expect(overview[11]).toMatch(/^本报告所有数据统计期限自2024年1月1日.*0571-89516255）。$/u);
    expect(data.parts.problems).toMatch(/^2024年，余杭区商务局高标准、严要求.*提升政务公开队伍能力水平。$/u);
    expect(data.parts.problems).not.toContain('\n');
    expect(data.parts.other).toBe('本单位2024年未收取信息处理费，无其他需要报告事项。');
  });
});

describe('importReportText: placing values by the format structure', () => {
  it('puts a distinct value in every cell exactly where the format says (reading order)', () => {
    const edits = Object.fromEntries(valueLineNumbers.map((n, k) => [n, `\t${k + 100}`]));
    const { data } = importReportText(editSeed(edits));
    allCells.forEach((def, k) => expect(data.tables[def.table][def.key], def.id).toBe(String(k + 100)));
  });

  const cellText = fc.oneof(fc.nat({ max: 99999 }).map(String), fc.constantFrom('—', '/', '', '4166.241619', '1件'));
  // A fresh seed each run, printed; a failing run's seed and path (fast-check prints them) go into `regressions`.
  propertyTest(
    'imports any cell text as written: numbers, decimals, “—”, “/”, blanks (property)',
    fc.property(fc.array(cellText, { minLength: allCells.length, maxLength: allCells.length }), (values) => {
      const edits = Object.fromEntries(valueLineNumbers.map((n, k) => [n, `\t${values[k]}`]));
      const { data } = importReportText(editSeed(edits));
      allCells.forEach((def, k) => {
        // A blank cell is absent from ReportData.
        expect(data.tables[def.table][def.key]).toBe(values[k] === '' ? undefined : values[k]);
      });
    }),
    { numRuns: 30, regressions: [] },
  );

  it('imports a changed number with that number and leaves the rest alone', () => {
    const line = valueLineNumbers[allCells.findIndex((d) => d.id === 'requests.withheld.thirdParty.legal')];
    const base = importReportText(seed).data;
    const { data } = importReportText(editSeed({ [line]: '\t7' }));
    expect(data.tables.requests['withheld.thirdParty.legal']).toBe('7');
    expect({ ...data.tables.requests, 'withheld.thirdParty.legal': '0' }).toEqual(base.tables.requests);
    expect(data.tables.proactive).toEqual(base.tables.proactive);
  });

  it('matches labels written with half-width brackets and quotes, 1、/1．, extra breaks and spaces', () => {
    const variant = seedLines
      .map((line) => {
        if (!line.startsWith('\t')) return line;
        return line
          .replace(/（/gu, '(')
          .replace(/）/gu, ')')
          .replace(/[“”]/gu, '"')
          .replace(/^\t(\d)\./u, (_, d: string) => (Number(d) % 2 === 0 ? `\t${d}、` : `\t${d}．`))
          .replace(/^\t一、本年新收政府信息公开申请数量$/u, '\t一、本年新收政府信息\n公开申请数量')
          .replace(/^\t行政规范性文件$/u, '\t行政规范性\n文件')
          .replace(/^\t社会公益组织$/u, '\t社会 公益\n组织')
          .replace(/^\t未经复议直接起诉$/u, '\t未经复议\n直接起诉');
      })
      .join('\n')
      .replace('余杭区商务局2024年政府信息公开工作\n\n年度报告', '余杭区商务局2024年政府信息公开工作年度报告')
      .replace('二、主动公开政府信息情况', '二.主动公开政府信息情况');
    expect(variant).toContain('\t3．危及"三安全一稳定"');
    expect(variant).toContain('\t(二)部分公开(区分处理的，只计这一情形，不计其他情形)');
    expect(importReportText(variant)).toEqual(importReportText(seed));
  });

  it('reads a preamble between the title and 一、总体情况, and a year-first government title', () => {
    const text = seed
      .replace('余杭区商务局2024年政府信息公开工作\n\n年度报告', '2024年杭州市余杭区人民政府政府信息公开工作年度报告\n\n本报告根据《条例》编制。\n统计期限为2024年1月1日至12月31日。');
    const { data } = importReportText(text);
    expect(data.agency).toBe('杭州市余杭区人民政府');
    expect(data.kind).toBe('government');
    expect(data.year).toBe(2024);
    expect(data.preamble).toBe('本报告根据《条例》编制。\n统计期限为2024年1月1日至12月31日。');
  });
});

describe('importReportText: notes around a table', () => {
  it('puts a sentence before a table and 「注：」 lines after it into that part, not into the table or the next part', () => {
    const table3 = lineOf(seed, '三、收到和处理政府信息公开申请情况');
    const table4 = lineOf(seed, '四、政府信息公开行政复议');
    const withNotes = editSeed({
      [table3]: `${seedLines[table3 - 1]}\n本年度申请情况如下表。`,
      [table4 - 1]: `${seedLines[table4 - 2]}\n注：本表“自然人”含委托代理人提出的申请。\n说明：数据截至2024年12月31日。`,
    });
    const { data, diagnostics } = importReportText(withNotes);
    expect(diagnostics).toEqual([]);
    expect(data.notes.requests).toEqual({
      before: '本年度申请情况如下表。',
      after: '注：本表“自然人”含委托代理人提出的申请。\n说明：数据截至2024年12月31日。',
    });
    expect(data.notes.proactive).toEqual({ before: '', after: '' });
    expect(data.tables).toEqual(importReportText(seed).data.tables);
    expect(data.parts).toEqual(importReportText(seed).data.parts);
  });
});

describe('importReportText: layout.parts', () => {
  it('layout.parts: a missing part is reported, not thrown', () => {
    const { data, diagnostics } = importReportText(seed.replace('六、其他需要报告的事项\n', ''));
    expect(diagnostics).toEqual([
      { rule: 'layout.parts', severity: 'error', message: `缺少第六部分“${partTitles.other}”`, cells: ['other'] },
    ]);
    expect(data.parts.other).toBe('');
    expect(data.parts.problems.split('\n')).toHaveLength(2);
  });

  it('layout.parts: misordered parts are reported with the line of the heading', () => {
    const problems = seed.slice(seed.indexOf('五、存在的主要问题'), seed.indexOf('六、其他需要报告的事项'));
    const text = seed.replace(problems, '') + '\n' + problems;
    const { data, diagnostics } = importReportText(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'layout.parts', severity: 'error', cells: ['problems'] });
    expect(diagnostics[0].message).toBe(`第${lineOf(text, '五、存在的主要问题')}行：“${partTitles.problems}”的位置不对，应在“${partTitles.other}”之前`);
    expect(data.parts.problems).toMatch(/^2024年，余杭区商务局高标准/u);
    expect(data.parts.other).toBe('本单位2024年未收取信息处理费，无其他需要报告事项。');
  });

  it('layout.parts: a non-standard part title is reported and its content still placed', () => {
    const text = seed.replace('五、存在的主要问题及改进情况', '五、存在问题和改进措施');
    const { data, diagnostics } = importReportText(text);
    expect(diagnostics.map((d) => [d.rule, d.cells, d.message])).toEqual([
      ['layout.parts', ['problems'], `第418行：第五部分的标题应为“${partTitles.problems}”，这里写作“五、存在问题和改进措施”`],
    ]);
    expect(data.parts.problems).toMatch(/^2024年，余杭区商务局高标准/u);
  });

  it('layout.parts: a table without its column headers is reported', () => {
    const { data, diagnostics } = importReportText(deleteSeedLines(76, 93));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'layout.parts', cells: ['requests'] });
    expect(diagnostics[0].message).toContain('“自然人”');
    expect(data.tables.requests['received.natural']).toBe('1');
  });
});

describe('importReportText: what it refuses (ImportError with the line)', () => {
  it('refuses an empty file', () => {
    for (const text of ['', '\n\n  \n', '\uFEFF']) {
      const err = importError(text);
      expect(err.line).toBe(1);
      expect(err.message).toMatch(/^第1行：文件是空的/u);
    }
  });

  it('refuses garbage without a report title', () => {
    const err = importError('\n\nhello world\nfoo\tbar\n');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^第3行：无法识别报告标题“hello world”/u);
  });

  it('refuses a table cut off in the middle of a row', () => {
    const err = importError(seedLines.slice(0, 250).join('\n'));
    expect(err.line).toBe(250);
    expect(err.message).toBe('第250行：第三部分表格在此中断：“3.补正后申请内容仍不明确”一行只有6个数值，应为7个');
  });

  it('refuses a table cut off between rows', () => {
    const err = importError(seedLines.slice(0, 252).join('\n'));
    expect(err.line).toBe(251);
    expect(err.message).toBe('第251行：第三部分表格在此中断：缺少“1.信访举报投诉类申请”及其后各行');
  });

  it('refuses a row with a value missing, naming the line where the row ends too early', () => {
    const err = importError(deleteSeedLines(101, 101));
    expect(err.line).toBe(102);
    expect(err.message).toBe('第102行：第三部分表格“一、本年新收政府信息公开申请数量”一行只有6个数值，应为7个');
  });

  it('refuses a row label it does not know', () => {
    const err = importError(editSeed({ 211: '\t8.属于其他事项' }));
    expect(err.line).toBe(211);
    expect(err.message).toBe('第211行：无法识别“8.属于其他事项”（这里应为第三部分表格的“8.属于行政查询事项”一行）');
  });

  it('refuses a missing row of table 三', () => {
    const err = importError(deleteSeedLines(164, 174));
    expect(err.line).toBe(167);
    expect(err.message).toBe('第167行：第三部分表格缺少“4.保护第三方合法权益”一行（这里是“5.属于三类内部事务信息”）');
  });

  it('refuses surplus values in table 四', () => {
    const err = importError(editSeed({ 415: '\t0\n\t0' }));
    expect(err.line).toBe(416);
    expect(err.message).toContain('第四部分表格的15个数值之后还有内容');
  });

  it('refuses a part heading that appears twice', () => {
    const err = importError(`${seed}\n六、其他需要报告的事项\n`);
    expect(err.line).toBe(seedLines.length + 1);
    expect(err.message).toContain('重复出现（第421行已有）');
  });

  it('refuses the 2019 trial format by its table 二 (本年新制作数量)', () => {
    const text = [
      '某某区某某局2020年政府信息公开工作年度报告',
      '一、总体情况',
      '略。',
      '二、主动公开政府信息情况',
      '\t第二十条第（一）项',
      '',
      '\t信息内容',
      '\t本年新制作数量',
      '\t本年新公开数量',
      '\t对外公开总数量',
    ].join('\n');
    const err = importError(text);
    expect(err.line).toBe(8);
    expect(err.message).toMatch(/^第8行：这是2019年试行格式（国办公开办函〔2019〕60号）的年度报告（有“本年新制作数量”）/u);
  });

  it('refuses the 2019 trial format by its 第二十条第（九）项 block', () => {
    const err = importError(editSeed({ 65: '\t第二十条第(九)项' }));
    expect(err.line).toBe(65);
    expect(err.message).toContain('2019年试行格式');
  });

  it('refuses the 2019 trial format by its one-row （六）其他处理', () => {
    const oneRow = ['\t', '\t（六）其他处理', '\t0', '\t0', '\t0', '\t0', '\t0', '\t0', '\t0', ''].join('\n');
    const text = [...seedLines.slice(0, 307), oneRow, ...seedLines.slice(340)].join('\n');
    const err = importError(text);
    expect(err.line).toBe(309);
    expect(err.message).toMatch(/^第309行：这是2019年试行格式.*“（六）其他处理”只有一行/u);
  });
});
