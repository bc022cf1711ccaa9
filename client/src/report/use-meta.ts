import { useEffect, useState } from 'react';
import { type AgencyKind, agencyKinds } from '../../../schema/format.ts';
import { metaMap } from '../../../schema/ydoc.ts';
import type { DocumentView } from '../collab/document-view.ts';

export interface ReportMeta {
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number | null;
  /** False until the doc holds the server's template (from IndexedDB or the server). */
  readonly loaded: boolean;
}

/** The report's identity as the Y.Doc states it; the page needs no REST call (it opens offline). */
export function useReportMeta(session: DocumentView): ReportMeta {
  const [meta, setMeta] = useState(() => readMeta(session));
  useEffect(() => {
    const map = metaMap(session.doc);
    const update = () => setMeta(readMeta(session));
    map.observe(update);
    update();
    return () => map.unobserve(update);
  }, [session]);
  return meta;
}

function readMeta(session: DocumentView): ReportMeta {
  const map = metaMap(session.doc);
  const kind = map.get('kind');
  const year = map.get('year');
  return {
    agency: typeof map.get('agency') === 'string' ? (map.get('agency') as string) : '',
    kind: (agencyKinds as readonly unknown[]).includes(kind) ? (kind as AgencyKind) : 'department',
    year: typeof year === 'number' ? year : null,
    loaded: map.has('layoutVersion'),
  };
}
