/**
 * A part's sign-off state, a pure function of its records and its content now: a step counts
 * only while its record's digest is the digest of the part's content now and every earlier step
 * counts. So any edit after a sign-off returns the part to 起草中 by itself — no race between an
 * edit and a sign-off, since nothing is reset — and the signers see their step lapsed (the
 * record is still there, its digest stale). Signing again records the new digest.
 */
import type * as Y from 'yjs';
import type { UserId } from '../comments/values.ts';
import { type PartKey, partKeys } from '../format.ts';
import { type PartDigest, partDigest } from './digest.ts';
import { type SignoffRecord, parseSignoffRecord, signoffKey, signoffsMap } from './records.ts';
import { type PartState, type ReportStatus, type SignoffStep, signoffSteps, stateAfterStep } from './steps.ts';

export interface StepView {
  readonly step: SignoffStep;
  readonly record: SignoffRecord | null;
  /** The record's digest is the part's digest now. */
  readonly current: boolean;
  /** Current, and every earlier step counts. */
  readonly counts: boolean;
  /** Recorded, but the part changed since (its signer must sign again). */
  readonly lapsed: boolean;
}

export interface PartSignoff {
  readonly part: PartKey;
  readonly state: PartState;
  /** The digest of the part's content now: what a step taken now records. */
  readonly digest: PartDigest;
  readonly steps: readonly StepView[];
  /** The step to take next (every one before it counts), or null once approved. */
  readonly next: SignoffStep | null;
}

export function partSignoff(doc: Y.Doc, part: PartKey): PartSignoff {
  const digest = partDigest(doc, part);
  const records = signoffsMap(doc);
  let state: PartState = 'drafting';
  let next: SignoffStep | null = null;
  let chainHolds = true;
  const steps = signoffSteps.map((step): StepView => {
    const record = parseSignoffRecord(records.get(signoffKey(part, step))) ?? null;
    const current = record !== null && record.digest === digest;
    const counts = chainHolds && current;
    if (counts) state = stateAfterStep[step];
    else if (chainHolds) next = step;
    chainHolds = counts;
    return { step, record, current, counts, lapsed: record !== null && !current };
  });
  return { part, state, digest, steps, next };
}

export function reportSignoffs(doc: Y.Doc): PartSignoff[] {
  return partKeys.map((part) => partSignoff(doc, part));
}

/** 草稿 while no step counts anywhere, 已审定 once every part is approved, 审核中 between. */
export function reportStatus(doc: Y.Doc): ReportStatus {
  // Nothing recorded: no digest to take.
  if (signoffsMap(doc).size === 0) return 'draft';
  return statusOf(reportSignoffs(doc));
}

export function statusOf(parts: readonly PartSignoff[]): ReportStatus {
  if (parts.every((p) => p.state === 'approved')) return 'approved';
  return parts.some((p) => p.state !== 'drafting') ? 'review' : 'draft';
}

/**
 * Takes `step` on `part` as `by`: records the digest of the part's content in this document
 * now. Only a user the owner designated for the step may (the server refuses anyone else).
 */
export function signStep(doc: Y.Doc, part: PartKey, step: SignoffStep, by: UserId, at: number = Date.now()): SignoffRecord {
  const record: SignoffRecord = { by, at, digest: partDigest(doc, part) };
  if (parseSignoffRecord(record) === undefined) throw new Error('signStep: not a user id or not a time');
  doc.transact(() => signoffsMap(doc).set(signoffKey(part, step), { ...record }));
  return record;
}

/** Withdraws the record of `step` on `part` (a user designated for the step). */
export function withdrawSignoff(doc: Y.Doc, part: PartKey, step: SignoffStep): void {
  const records = signoffsMap(doc);
  const key = signoffKey(part, step);
  if (records.has(key)) doc.transact(() => records.delete(key));
}
