/** A part's sign-off state and the report's status, as React reads them (signoff-store.ts). */
import { useSyncExternalStore } from 'react';
import type { PartKey } from '../../../schema/format.ts';
import type { PartSignoff } from '../../../schema/signoffs/state.ts';
import type { ReportStatus } from '../../../schema/signoffs/steps.ts';
import type { ReportSession } from '../collab/session.ts';
import { useKeyed } from '../collab/use-session.ts';

export function usePartSignoff(session: ReportSession, part: PartKey): PartSignoff | undefined {
  return useKeyed(session.signoffs.byPart, part);
}

export function useReportStatus(session: ReportSession): ReportStatus {
  return useSyncExternalStore(session.signoffs.subscribe, () => session.signoffs.status);
}
