/**
 * `nianbao export FILE [--format html|docx|pdf|json|csv] [-o OUT]`: exports a report file (the
 * JSON data export, or a published report's text) without a server, through the same exporters
 * as the REST API. Exit code 0 when written, 1 when the PDF export cannot run here (no
 * Chromium), 2 when the file or the command line is wrong (CliError).
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type ExportFormat, exportFormats, exportSourceOfData, isExportFormat, renderExport } from '../export/export.ts';
import { PdfPrinter, PdfUnavailable, defaultChromiumPath } from '../export/pdf.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './errors.ts';
import { readReportFile } from './read-report.ts';

const usage = `用法 (usage): nianbao export FILE [--format FORMAT] [-o OUT]

  FILE               年报文件：JSON 数据导出，或从 Word 复制的纯文本
  --format FORMAT    ${exportFormats.join('|')}（省略时取 OUT 的扩展名）
  -o, --output OUT   输出文件；- 为标准输出；省略时在当前目录按年报标题命名
  --chromium PATH    打印 PDF 的 Chromium (NIANBAO_CHROMIUM, 默认 ${defaultChromiumPath})

退出码：0 已导出；1 无法导出 PDF（未安装 Chromium）；2 文件或参数有误。`;

interface ExportOptions {
  file: string;
  format: ExportFormat;
  /** A path, '-' for standard output, or undefined for the title in the current directory. */
  output: string | undefined;
  chromiumPath: string;
}

function parseExportArgs(args: string[], env: NodeJS.ProcessEnv): ExportOptions | 'help' {
  const { values, positionals } = parseCommandArgs('export', args, {
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    chromium: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new CliError(positionals.length === 0 ? '缺少要导出的文件（nianbao export FILE --format html）' : `只能导出一个文件，却给了 ${positionals.length} 个`);
  }
  const output = values.output;
  if (output === '') throw new CliError('-o 不能为空');
  const format = values.format ?? (output === undefined || output === '-' ? undefined : extname(output).slice(1).toLowerCase());
  if (format === undefined) throw new CliError(`请用 --format 指定导出格式（${exportFormats.join('|')}）`);
  if (!isExportFormat(format)) throw new CliError(`不支持的导出格式 “${format}”（可用：${exportFormats.join('|')}）`);
  const chromiumPath = values.chromium ?? (env.NIANBAO_CHROMIUM || defaultChromiumPath);
  return { file: positionals[0]!, format, output, chromiumPath };
}

export async function exportCommand(args: string[]): Promise<number> {
  const options = parseExportArgs(args, process.env);
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const report = await readReportFile(options.file);
  for (const d of report.diagnostics) process.stderr.write(`nianbao export: 注意：${d.message}\n`);

  const pdf = options.format === 'pdf' ? new PdfPrinter({ chromiumPath: options.chromiumPath }) : undefined;
  let file;
  try {
    file = await renderExport(exportSourceOfData(report.data), options.format, pdf ? { pdf } : {});
  } catch (err) {
    if (err instanceof PdfUnavailable) throw new CliError(err.message, 1);
    throw err;
  } finally {
    await pdf?.close();
  }

  if (options.output === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(file.body, (err) => (err ? reject(err) : resolve())));
    return 0;
  }
  const path = options.output ?? file.fileName;
  try {
    await writeFile(path, file.body);
  } catch (err) {
    throw new CliError(`无法写入 ${path}：${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  process.stderr.write(`已导出 ${path}\n`);
  return 0;
}
