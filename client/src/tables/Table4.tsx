/**
 * Table 四 — 政府信息公开行政复议、行政诉讼情况: 行政复议 (five columns) beside 行政诉讼, which
 * splits into 未经复议直接起诉 and 复议后起诉 (five columns each); one row of fifteen cells.
 */
import { memo } from 'react';
import { appealColumns, appealGroups, cellId, table4SuitHeader } from '../../../schema/format.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { TableCell } from './TableCell.tsx';

const [review, ...suits] = appealGroups;

export const Table4 = memo(function Table4({ session, readOnly }: { session: DocumentView; readOnly?: boolean }) {
  return (
    <table className="report-table table4" aria-label="四、政府信息公开行政复议、行政诉讼情况">
      <thead>
        <tr>
          <th colSpan={appealColumns.length}>{review.label}</th>
          <th colSpan={appealColumns.length * suits.length}>{table4SuitHeader}</th>
        </tr>
        <tr>
          {appealColumns.map((col) => (
            <th key={col.key} rowSpan={2} className="narrow-head">
              {col.label}
            </th>
          ))}
          {suits.map((group) => (
            <th key={group.key} colSpan={appealColumns.length}>
              {group.label}
            </th>
          ))}
        </tr>
        <tr>
          {suits.flatMap((group) =>
            appealColumns.map((col) => (
              <th key={`${group.key}.${col.key}`} className="narrow-head">
                {col.label}
              </th>
            )),
          )}
        </tr>
      </thead>
      <tbody>
        <tr>
          {appealGroups.flatMap((group) =>
            appealColumns.map((col) => (
              <TableCell
                key={`${group.key}.${col.key}`}
                session={session}
                id={cellId('appeals', group.key, col.key)}
                label={`${group.key === 'review' ? '' : table4SuitHeader}${group.label} ${col.label}`}
                readOnly={readOnly}
              />
            )),
          )}
        </tr>
      </tbody>
    </table>
  );
});
