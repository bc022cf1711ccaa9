/**
 * Shapes of the REST API (docs/api.md) that both ends read: the server builds them, the client
 * renders them. Types only.
 */
import type { UserId } from './comments/values.ts';
import type { DiagnosticCounts } from './diagnostics.ts';
import type { AgencyKind, PartKey } from './format.ts';
import type { PartState, ReportStatus, SignoffStep } from './signoffs/steps.ts';
import type { FragmentKey } from './ydoc.ts';

/** A report as `GET /api/reports` and `GET /api/reports/:id` describe it. */
export interface ReportSummary {
  readonly id: string;
  readonly agency: string;
  readonly kind: AgencyKind;
  readonly year: number;
  readonly title: string;
  /** 草稿 / 审核中 / 已审定, from the parts' sign-offs (schema/signoffs/state.ts `statusOf`). */
  readonly status: ReportStatus;
  readonly counts: DiagnosticCounts;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `GET /api/reports/:id/comments`: every thread with a comment, oldest first. */
export interface CommentsResponse {
  readonly threads: readonly {
    readonly id: string;
    readonly anchor: {
      readonly part: PartKey;
      /** A cell anchor: the cell's key in the part's table (`received.natural`). */
      readonly cell?: string;
      /** A text anchor: the text it was made on, and the fragment it is in. */
      readonly quote?: string;
      readonly fragment?: FragmentKey;
    };
    readonly resolved: boolean;
    /** A text anchor whose text is gone (never true for a part or a cell). */
    readonly detached: boolean;
    readonly comments: readonly {
      readonly id: string;
      /** The author's account id (`GET /api/reports/:id/members` names it). */
      readonly author: UserId;
      readonly text: string;
      /** ISO time, by the author's clock. */
      readonly at: string;
      /** ISO time of the last edit, or null. */
      readonly edited: string | null;
      readonly mentions: readonly UserId[];
    }[];
  }[];
}

/** `GET /api/reports/:id/signoffs`: each part's state and its recorded steps. */
export interface SignoffsResponse {
  readonly status: ReportStatus;
  readonly parts: readonly {
    readonly part: PartKey;
    readonly state: PartState;
    /** The digest of the part's content now. */
    readonly digest: string;
    /** The steps with a record, in chain order. */
    readonly steps: readonly {
      readonly step: SignoffStep;
      readonly by: UserId;
      readonly at: string;
      readonly digest: string;
      /** Counts toward the state: current, and every earlier step counts. */
      readonly counts: boolean;
      /** The part changed since this step was taken. */
      readonly lapsed: boolean;
    }[];
  }[];
}
