/**
 * Table 三 — 收到和处理政府信息公开申请情况, drawn as the national format prints it: the 勾稽 note
 * in the top-left header cell, 申请人情况 over 自然人 / 法人或其他组织 (five columns) / 总计,
 * 三、本年度办理结果 spanning its 22 rows, and the groups （三）–（六） as merged label cells.
 */
import { memo } from 'react';
import {
  type Table3Row,
  applicantColumns,
  cellId,
  table3ApplicantHeader,
  table3Note,
  table3OrgHeader,
  table3ResultsHeader,
  table3Rows,
} from '../../../schema/format.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { TableCell } from './TableCell.tsx';

const orgColumns = applicantColumns.slice(1, 6);
const naturalColumn = applicantColumns[0];
const totalColumn = applicantColumns[6];

/** Rows under 三、本年度办理结果: the 21 result rows and （七）总计. */
const resultsSpan = table3Rows.filter((r) => r.isResult || r.key === 'resultTotal').length;

/** How many consecutive rows share a group label, keyed by the first row of each group. */
const groupSpans = new Map<string, number>();
for (const row of table3Rows) {
  if (!row.group) continue;
  const first = table3Rows.find((r) => r.group === row.group)!;
  groupSpans.set(first.key, (groupSpans.get(first.key) ?? 0) + 1);
}

export const Table3 = memo(function Table3({ session, readOnly }: { session: DocumentView; readOnly?: boolean }) {
  return (
    <table className="report-table table3" aria-label="三、收到和处理政府信息公开申请情况">
      <colgroup>
        <col className="t3-results" />
        <col className="t3-group" />
        <col className="t3-item" />
        <col span={applicantColumns.length} className="t3-value" />
      </colgroup>
      <thead>
        <tr>
          <th colSpan={3} rowSpan={3} className="t3-note">
            {table3Note}
          </th>
          <th colSpan={applicantColumns.length}>{table3ApplicantHeader}</th>
        </tr>
        <tr>
          <th rowSpan={2}>{naturalColumn.label}</th>
          <th colSpan={orgColumns.length}>{table3OrgHeader}</th>
          <th rowSpan={2}>{totalColumn.label}</th>
        </tr>
        <tr>
          {orgColumns.map((col) => (
            <th key={col.key} className="narrow-head">
              {col.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table3Rows.map((row, index) => (
          <tr key={row.key} className={row.key === 'resultTotal' ? 'total-row' : undefined}>
            {labelCells(row, index)}
            {applicantColumns.map((col) => (
              <TableCell
                key={col.key}
                session={session}
                id={cellId('requests', row.key, col.key)}
                label={`${row.group ?? ''}${row.label} ${col.label}`}
                readOnly={readOnly}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

/** The label cells of one row: up to three columns, merged as the format merges them. */
function labelCells(row: Table3Row, index: number) {
  const inResults = row.isResult || row.key === 'resultTotal';
  if (!inResults) {
    return (
      <th scope="row" colSpan={3} className="row-label">
        {row.label}
      </th>
    );
  }
  const cells = [];
  if (index === table3Rows.findIndex((r) => r.isResult)) {
    cells.push(
      <th key="results" rowSpan={resultsSpan} className="results-label">
        {table3ResultsHeader}
      </th>,
    );
  }
  if (!row.group) {
    cells.push(
      <th key="label" scope="row" colSpan={2} className="row-label">
        {row.label}
      </th>,
    );
    return cells;
  }
  const span = groupSpans.get(row.key);
  if (span !== undefined) {
    cells.push(
      <th key="group" rowSpan={span} className="group-label">
        {row.group}
      </th>,
    );
  }
  cells.push(
    <th key="label" scope="row" className="row-label">
      {row.label}
    </th>,
  );
  return cells;
}
