/**
 * Shapes of the REST API (docs/api.md) that both ends read: the server builds them, the client
 * renders them. Types only.
 */
import type { UserId } from './comments/values.ts';
import type { Diagnostic, DiagnosticCounts } from './diagnostics.ts';
import type { AgencyKind, PartKey } from './format.ts';
import type { ReportData } from './report.ts';
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
  /** The number of the report's latest version of either kind, null before the first. */
  readonly latestVersion: number | null;
  /** The number of the latest published version (已发布), null before the first publication. */
  readonly publishedVersion: number | null;
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

// ---------------------------------------------------------------------------------------------
// Versions (issue 17): frozen states of a report, kept by the server beside it
// ---------------------------------------------------------------------------------------------

/**
 * `published` (发布版本) passed the publication gate; `draft` (提交审核稿, and the automatic save
 * before a restore) was saved without it.
 */
export const versionKinds = ['published', 'draft'] as const;
export type VersionKind = (typeof versionKinds)[number];

export const versionKindLabels: Readonly<Record<VersionKind, string>> = {
  published: '发布版本',
  draft: '审核稿',
};

/** Who made a version: the account's name and display name at that moment. */
export interface VersionAuthor {
  readonly name: string;
  readonly displayName: string;
}

/** A warning the publisher acknowledged, with the reason given, as stored with the version. */
export interface WarningAcknowledgement {
  readonly warning: Diagnostic;
  readonly reason: string;
}

/** The owner published although these parts were not signed off, for this reason. */
export interface SignOffOverride {
  readonly parts: readonly PartKey[];
  readonly reason: string;
}

/** A version as `GET /api/reports/:id/versions` lists it. */
export interface VersionSummary {
  readonly number: number;
  readonly kind: VersionKind;
  readonly name: string;
  /** ISO timestamp. */
  readonly createdAt: string;
  readonly createdBy: VersionAuthor;
  /** SHA-256 (hex) of the report's content at that moment: equal hashes, equal content. */
  readonly contentHash: string;
  /** The diagnostic counts at that moment. */
  readonly counts: DiagnosticCounts;
  readonly acknowledgements: readonly WarningAcknowledgement[];
  readonly override: SignOffOverride | null;
}

/** `GET /api/reports/:id/versions/:n`: the summary, the content as data, the diagnostics then. */
export interface VersionDetail extends VersionSummary {
  readonly data: ReportData;
  readonly diagnostics: readonly Diagnostic[];
}

/** What a publication was refused for (the 409 answer's `blocking`). */
export interface PublicationBlocking {
  /** Every error: errors block publication whatever is acknowledged. */
  readonly errors: readonly Diagnostic[];
  /** The warnings without an acknowledgement in the request. */
  readonly warnings: readonly Diagnostic[];
  /** Parts not signed off, when the request has no override. */
  readonly unsignedParts: readonly PartKey[];
}
