/**
 * `nianbao check FILE [--previous FILE] [--json] [--stage draft|publication]`: runs every rule of
 * the format on a report file and prints what it finds. Exit code 0 when there is no error, 1
 * when there is one, 2 when a file cannot be read or parsed (CliError).
 */
import { checkReport, countDiagnostics } from '../../schema/check.ts';
import { type Diagnostic, type Severity, compareDiagnostics } from '../../schema/diagnostics.ts';
import { type PartKey, agencyKindLabels, partKeys, partOfTarget, partTitles } from '../../schema/format.ts';
import { toReportJson } from '../../schema/json.ts';
import { type ReportData, reportTitle } from '../../schema/report.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './errors.ts';
import { readReportFile } from './read-report.ts';

const stages = ['draft', 'publication'] as const;
type Stage = (typeof stages)[number];

const usage = `用法 (usage): nianbao check FILE [--previous FILE] [--json] [--stage draft|publication]

  FILE               年报文件：JSON 数据导出（或 check --json 的输出），或从 Word 复制的纯文本
  --previous FILE    上一年度的年报，用于跨年度检查（上年结转、现行有效件数、内容雷同）
  --json             以 JSON 输出 {"report": …, "diagnostics": […]}
  --stage STAGE      draft（起草中：空白单元格为警告）或 publication（发布前：空白为错误，默认）

退出码：0 没有错误；1 有错误；2 文件无法读取或解析。`;

const severityLabels: Readonly<Record<Severity, string>> = { error: '错误', warning: '警告', info: '提示' };
const stageLabels: Readonly<Record<Stage, string>> = { draft: '起草', publication: '发布' };

interface CheckOptions {
  file: string;
  previous?: string;
  json: boolean;
  stage: Stage;
}

function parseCheckArgs(args: string[]): CheckOptions | 'help' {
  const { values, positionals } = parseCommandArgs('check', args, {
    previous: { type: 'string' },
    json: { type: 'boolean', default: false },
    stage: { type: 'string', default: 'publication' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new CliError(
      positionals.length === 0 ? '缺少要检查的文件（nianbao check FILE）' : `只能检查一个文件，却给了 ${positionals.length} 个`,
    );
  }
  const stage = values.stage;
  if (!(stages as readonly string[]).includes(stage)) throw new CliError(`--stage 应为 draft 或 publication，却是 “${stage}”`);
  return { file: positionals[0], previous: values.previous, json: values.json, stage: stage as Stage };
}

export async function checkCommand(args: string[]): Promise<number> {
  const options = parseCheckArgs(args);
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const report = await readReportFile(options.file);
  const previous = options.previous === undefined ? undefined : (await readReportFile(options.previous)).data;

  const found = checkReport(report.data, { stage: options.stage, ...(previous ? { previous } : {}) });
  const diagnostics = mergeDiagnostics(report.diagnostics, found);
  const counts = countDiagnostics(diagnostics);

  if (options.json) {
    const output = {
      report: toReportJson(report.data),
      diagnostics: diagnostics.map(({ rule, severity, message, cells }) => ({ rule, severity, message, cells })),
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    process.stdout.write(formatHumanReport(report.data, options.stage, diagnostics, counts));
  }
  return counts.error > 0 ? 1 : 0;
}

/** The importer's layout findings and the rules' findings, without duplicates, in display order. */
function mergeDiagnostics(...lists: (readonly Diagnostic[])[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of lists.flat()) {
    const key = JSON.stringify([d.rule, d.severity, d.message, d.cells]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(compareDiagnostics);
}

/** The part a diagnostic is listed under: that of its first target (`preamble` belongs to 一). */
function partOfDiagnostic(d: Diagnostic): PartKey | undefined {
  const target = d.cells[0] ?? '';
  return target === 'preamble' ? 'overview' : partOfTarget(target);
}

function formatHumanReport(
  data: ReportData,
  stage: Stage,
  diagnostics: readonly Diagnostic[],
  counts: Record<Severity, number>,
): string {
  const lines = [`${reportTitle(data)}（${agencyKindLabels[data.kind]}，按${stageLabels[stage]}要求检查）`];
  const groups: [string, Diagnostic[]][] = [
    ...partKeys.map((key): [string, Diagnostic[]] => [partTitles[key], diagnostics.filter((d) => partOfDiagnostic(d) === key)]),
    // Targets outside the six parts: the report's own fields (`meta.publishedOn` for deadline).
    ['报告基本信息', diagnostics.filter((d) => partOfDiagnostic(d) === undefined)],
  ];
  for (const [title, group] of groups) {
    if (group.length === 0) continue;
    lines.push('', title);
    for (const d of group) lines.push(`  ${formatDiagnosticLine(d)}`);
  }
  if (diagnostics.length === 0) lines.push('', '没有发现问题。');
  lines.push('', `${counts.error} 个错误，${counts.warning} 个警告，${counts.info} 条提示`);
  return `${lines.join('\n')}\n`;
}

/** 「错误 T3.balance  requests.received.natural …  第三部分“自然人”列：…」 */
function formatDiagnosticLine(d: Diagnostic): string {
  const where = d.cells.length > 1 ? `${d.cells[0]} …` : (d.cells[0] ?? '');
  return `${severityLabels[d.severity]} ${d.rule}  ${where}  ${d.message}`;
}
