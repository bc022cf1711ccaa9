/** A part's sign-off state and the report's status, as React reads them (signoff-store.ts). */
import { useSyncExternalStore } from 'react';
import type { PartKey } from '../../../schema/format.ts';
import type { PartSignoff } from '../../../schema/signoffs/state.ts';
import type { ReportStatus } from '../../../schema/signoffs/steps.ts';
import { useKeyed } from '../collab/use-session.ts';
import type { SignoffStore } from './signoff-store.ts';

export function usePartSignoff(signoffs: SignoffStore, part: PartKey): PartSignoff | undefined {
  return useKeyed(signoffs.byPart, part);
}

export function useReportStatus(signoffs: SignoffStore): ReportStatus {
  return useSyncExternalStore(signoffs.subscribe, () => signoffs.status);
}
