/** The table of a table part: 二, 三 or 四, by its part key. */
import { memo } from 'react';
import type { TableKey } from '../../../schema/format.ts';
import type { DocumentView } from '../collab/document-view.ts';
import { Table2 } from './Table2.tsx';
import { Table3 } from './Table3.tsx';
import { Table4 } from './Table4.tsx';

export const PartTable = memo(function PartTable({ session, table, readOnly }: { session: DocumentView; table: TableKey; readOnly: boolean }) {
  switch (table) {
    case 'proactive':
      return <Table2 session={session} readOnly={readOnly} />;
    case 'requests':
      return <Table3 session={session} readOnly={readOnly} />;
    case 'appeals':
      return <Table4 session={session} readOnly={readOnly} />;
  }
});
