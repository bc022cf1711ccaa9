/**
 * The sign-off chain of a part (issue 16): 撰稿人 confirms, 科室负责人 reviews, 分管领导 approves.
 * A part's state is the last step that counts (state.ts); before any, it is 起草中. The report's
 * status follows from its parts' states.
 */

/** The steps, in the order they are taken. */
export const signoffSteps = ['drafter', 'head', 'leader'] as const;
export type SignoffStep = (typeof signoffSteps)[number];

/** Who takes each step. */
export const signoffStepLabels: Readonly<Record<SignoffStep, string>> = {
  drafter: '撰稿人',
  head: '科室负责人',
  leader: '分管领导',
};

export const partStates = ['drafting', 'confirmed', 'reviewed', 'approved'] as const;
/** `drafting` until the drafter's step counts; then the last step that counts. */
export type PartState = (typeof partStates)[number];

export const partStateLabels: Readonly<Record<PartState, string>> = {
  drafting: '起草中',
  confirmed: '撰稿人已确认',
  reviewed: '科室负责人已审核',
  approved: '分管领导已审定',
};

/** The state a part is in once `step` (and every step before it) counts. */
export const stateAfterStep: Readonly<Record<SignoffStep, PartState>> = {
  drafter: 'confirmed',
  head: 'reviewed',
  leader: 'approved',
};

export const reportStatuses = ['draft', 'review', 'approved'] as const;
/** `draft`: no part has a step that counts; `approved`: every part is approved; else `review`. */
export type ReportStatus = (typeof reportStatuses)[number];

export const reportStatusLabels: Readonly<Record<ReportStatus, string>> = {
  draft: '草稿',
  review: '审核中',
  approved: '已审定',
};

export function isSignoffStep(value: unknown): value is SignoffStep {
  return (signoffSteps as readonly unknown[]).includes(value);
}

export function isReportStatus(value: unknown): value is ReportStatus {
  return (reportStatuses as readonly unknown[]).includes(value);
}
