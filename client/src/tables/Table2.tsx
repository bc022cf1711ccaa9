/** Table 二 — 主动公开政府信息情况: four blocks, each a caption row, a 信息内容 header and its rows. */
import { memo } from 'react';
import { cellId, table2Blocks, table2ContentHeader } from '../../../schema/format.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { TableCell } from './TableCell.tsx';

/** The widest block has three value columns; narrower blocks span their value across them. */
const valueColumns = 3;

export const Table2 = memo(function Table2({ session, readOnly }: { session: DocumentView; readOnly?: boolean }) {
  return (
    <table className="report-table table2" aria-label="二、主动公开政府信息情况">
      <colgroup>
        <col className="label-col" />
        <col span={valueColumns} />
      </colgroup>
      <tbody>
        {table2Blocks.map((block) => {
          const span = block.columns.length === 1 ? valueColumns : 1;
          return [
            <tr key={`${block.caption}-caption`} className="caption-row">
              <th colSpan={valueColumns + 1}>{block.caption}</th>
            </tr>,
            <tr key={`${block.caption}-header`} className="header-row">
              <th>{table2ContentHeader}</th>
              {block.columns.map((col) => (
                <th key={col.key} colSpan={span}>
                  {col.label}
                </th>
              ))}
            </tr>,
            ...block.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row" className="row-label">
                  {row.label}
                </th>
                {block.columns.map((col) => (
                  <TableCell
                    key={col.key}
                    session={session}
                    id={cellId('proactive', row.key, col.key)}
                    label={`${row.label} ${col.label}`}
                    colSpan={span}
                    readOnly={readOnly}
                  />
                ))}
              </tr>
            )),
          ];
        })}
      </tbody>
    </table>
  );
});
