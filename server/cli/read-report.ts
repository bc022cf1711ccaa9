/**
 * Reading a report file for the CLI: the JSON data export (or `check --json` output), or the
 * plain text of a published report. Everything that goes wrong becomes a one-line CliError
 * (exit code 2) that names the file, and the line where the text importer gave up.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../../schema/diagnostics.ts';
import { ImportError, importReportText } from '../../schema/import/text.ts';
import { ReportJsonError, parseReportJson } from '../../schema/json.ts';
import type { ReportData } from '../../schema/report.ts';
import { CliError } from './errors.ts';

export interface ReportFile {
  readonly data: ReportData;
  /** What reading the file found about its structure (`layout.parts` from the text importer). */
  readonly diagnostics: readonly Diagnostic[];
  readonly source: 'json' | 'text';
}

export async function readReportFile(path: string): Promise<ReportFile> {
  const text = decodeUtf8(await readBytes(path), path);
  return looksLikeJson(text) ? parseJsonReport(text, path) : parseTextReport(text, path);
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    switch (code) {
      case 'ENOENT':
        throw new CliError(`找不到文件 ${path}`);
      case 'EISDIR':
        throw new CliError(`${path} 是目录，不是文件`);
      case 'EACCES':
      case 'EPERM':
        throw new CliError(`无法读取 ${path}：没有权限`);
      default:
        throw new CliError(`无法读取 ${path}：${code ?? oneLine(String(err))}`);
    }
  }
}

function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliError(`${path} 不是 UTF-8 编码的文本（请另存为 UTF-8 后再试）`);
  }
}

/** A report's plain text starts with its title; JSON starts with `{`. */
function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/u.test(text);
}

function parseJsonReport(text: string, path: string): ReportFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path} 不是有效的 JSON${jsonErrorLocation(text, err)}：${jsonErrorReason(err)}`);
  }
  try {
    return { data: parseReportJson(value), diagnostics: [], source: 'json' };
  } catch (err) {
    if (err instanceof ReportJsonError) throw new CliError(`${path}：${err.message}`);
    throw err;
  }
}

function parseTextReport(text: string, path: string): ReportFile {
  try {
    const imported = importReportText(text);
    return { data: imported.data, diagnostics: imported.diagnostics, source: 'text' };
  } catch (err) {
    if (err instanceof ImportError) throw new CliError(`${path}：${oneLine(err.message)}`);
    throw err;
  }
}

/** V8 names a character position ("… at position 42"); people look for a line. */
function jsonErrorLocation(text: string, err: unknown): string {
  const match = /position (\d+)/u.exec(String((err as Error).message));
  if (!match) return '';
  const line = text.slice(0, Number(match[1])).split('\n').length;
  return `（第${line}行）`;
}

/** V8 quotes the whole source in some messages (`Unexpected token '}', "{…}" is not valid JSON`). */
function jsonErrorReason(err: unknown): string {
  return oneLine(String((err as Error).message).replace(/, ".*" is not valid JSON$/su, ''));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/gu, ' ');
}
