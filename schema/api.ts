/**
 * Shapes of the REST API (docs/api.md) that both ends read: the server builds them, the client
 * renders them. Types only.
 */
import type { DiagnosticCounts } from './diagnostics.ts';
import type { AgencyKind } from './format.ts';

/** A report as `GET /api/reports` and `GET /api/reports/:id` describe it. */
export interface ReportSummary {
  readonly id: string;
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number;
  readonly title: string;
  /** Only drafts exist until sign-off and publication arrive. */
  readonly status: 'draft';
  readonly counts: DiagnosticCounts;
  readonly createdAt: string;
  readonly updatedAt: string;
}
