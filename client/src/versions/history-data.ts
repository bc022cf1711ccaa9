/** What the history pages share: the report's summary, the versions list, who may do what, labels. */
import { useCallback, useEffect, useState } from 'react';
import { versionKindLabels, type ReportSummary, type VersionSummary } from '../../../schema/api.ts';
import type { Rights } from '../../../schema/permissions.ts';
import { requestJson } from '../api.ts';
import { listVersions } from './versions-api.ts';

export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** 第 3 版 */
export function versionLabel(number: number): string {
  return `第 ${number} 版`;
}

export function kindLabel(version: Pick<VersionSummary, 'kind'>): string {
  return versionKindLabels[version.kind];
}

/** What the server lets this member do with versions (server/versions/routes.ts decides). */
export interface VersionRights {
  readonly saveDraft: boolean;
  readonly publish: boolean;
  readonly restore: boolean;
}

export function versionRightsOf(rights: Rights | null): VersionRights {
  const owner = rights?.role === 'owner';
  return { saveDraft: owner || rights?.role === 'editor', publish: owner, restore: owner };
}

export function useReportSummary(reportId: string): { report: ReportSummary | null; error: string | null } {
  const [state, setState] = useState<{ report: ReportSummary | null; error: string | null }>({ report: null, error: null });
  useEffect(() => {
    let live = true;
    requestJson<{ report: ReportSummary }>(`/api/reports/${encodeURIComponent(reportId)}`).then(
      ({ report }) => live && setState({ report, error: null }),
      (error: Error) => live && setState({ report: null, error: error.message }),
    );
    return () => {
      live = false;
    };
  }, [reportId]);
  return state;
}

/** The versions, newest first, and a way to read them again after a change. */
export function useVersions(reportId: string): { versions: readonly VersionSummary[] | null; error: string | null; reload: () => void } {
  const [versions, setVersions] = useState<readonly VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    let live = true;
    listVersions(reportId).then(
      (list) => {
        if (!live) return;
        setVersions([...list].reverse());
        setError(null);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [reportId, generation]);
  return { versions, error, reload };
}
