/**
 * 修改记录: who changed which part or cell, and when — the server's audit trail of accepted
 * updates (`GET /api/reports/:id/audit`), newest first. Loaded when opened, refreshed while open.
 */
import { useCallback, useEffect, useState } from 'react';
import { partKeys, partTitles, type PartKey } from '../../../schema/format.ts';
import { cellLabelById } from '../../../schema/rules/labels.ts';

interface AuditLine {
  readonly at: string;
  readonly user: string;
  readonly displayName: string;
  readonly part: string;
  readonly cells: readonly string[] | null;
  readonly bytes: number;
}

/** How often an open panel asks for new lines; the trail is written at most once a second. */
const refreshMs = 10_000;
const shownCells = 4;

function partLabel(part: string): string {
  if ((partKeys as readonly string[]).includes(part)) return partTitles[part as PartKey];
  return part === 'meta' ? '报告信息' : part === 'comments' ? '批注' : part === 'signoffs' ? '签批' : part;
}

function cellsLabel(part: string, cells: readonly string[] | null): string {
  if (!cells || cells.length === 0) return '';
  const labels = cells.slice(0, shownCells).map((key) => cellLabelById(`${part}.${key}`).replace(/^第[二三四]部分/, ''));
  return cells.length > shownCells ? `${labels.join('、')} 等 ${cells.length} 个单元格` : labels.join('、');
}

export function AuditPanel({ reportId }: { reportId: string }) {
  const [open, setOpen] = useState(false);
  const [lines, setLines] = useState<readonly AuditLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const response = await fetch(`/api/reports/${encodeURIComponent(reportId)}/audit?limit=100`, { headers: { accept: 'application/json' } });
    const body = (await response.json().catch(() => null)) as { audit?: AuditLine[]; error?: { message?: string } } | null;
    if (!response.ok || !body?.audit) {
      setError(body?.error?.message ?? `无法读取修改记录（${response.status}）`);
      return;
    }
    setError(null);
    setLines(body.audit);
  }, [reportId]);

  useEffect(() => {
    if (!open) return;
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => clearInterval(timer);
  }, [open, load]);

  return (
    <details className="audit" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>修改记录</summary>
      {error ? <p className="audit-error">{error}</p> : null}
      {lines === null ? null : lines.length === 0 ? (
        <p className="audit-empty">暂无修改记录。</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>时间</th>
              <th>修改人</th>
              <th>部分</th>
              <th>单元格</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
              <tr key={`${line.at}-${line.user}-${line.part}-${i}`} data-audit-user={line.user} data-audit-part={line.part}>
                <td>{new Date(line.at).toLocaleString('zh-CN', { hour12: false })}</td>
                <td>{line.displayName}</td>
                <td>{partLabel(line.part)}</td>
                <td>{cellsLabel(line.part, line.cells)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
