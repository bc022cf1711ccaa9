/**
 * The publication gate (issue 17): whether the report as it is now may become a published
 * version (发布版本). Pure: the server judges every POST with it; the browser reads the same
 * blocking lists from the server's 409 answer.
 *
 * - Errors block publication; nothing overrides them.
 * - Every warning needs an acknowledgement with a reason, given for that very warning (its rule,
 *   cells and message: a warning whose figures changed since it was read is a new warning).
 * - Parts not signed off block it unless the request overrides them with a reason (only owners
 *   publish, so the override is always the owner's).
 * Info findings are advice and pass.
 */
import type { PublicationBlocking, SignOffOverride, WarningAcknowledgement } from './api.ts';
import type { Diagnostic } from './diagnostics.ts';
import type { PartKey } from './format.ts';
import { checkName, type NameRule } from './names.ts';

/** How a request names the warning it acknowledges: stable across reads of the same finding. */
export function warningKey(d: Pick<Diagnostic, 'rule' | 'cells' | 'message'>): string {
  return `${d.rule}|${d.cells.join(',')}|${d.message}`;
}

/** What a publish request asks the gate, already checked for shape (`parseGateRequest`). */
export interface GateRequest {
  /** Reasons by `warningKey`. */
  readonly acknowledgements: ReadonlyMap<string, string>;
  /** The reason to publish although parts are not signed off, if given. */
  readonly overrideReason: string | null;
}

export interface GateInput {
  /** The report's diagnostics now, in the publication stage. */
  readonly diagnostics: readonly Diagnostic[];
  /** The parts not signed off now (one function decides what signed off means). */
  readonly unsignedParts: readonly PartKey[];
  readonly request: GateRequest;
}

export type GateVerdict =
  | {
      readonly ok: true;
      readonly acknowledgements: readonly WarningAcknowledgement[];
      readonly override: SignOffOverride | null;
    }
  | { readonly ok: false; readonly blocking: PublicationBlocking };

export function judgePublication({ diagnostics, unsignedParts, request }: GateInput): GateVerdict {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const unacknowledged = warnings.filter((d) => !request.acknowledgements.has(warningKey(d)));
  const unsigned = request.overrideReason === null ? unsignedParts : [];
  if (errors.length > 0 || unacknowledged.length > 0 || unsigned.length > 0) {
    return { ok: false, blocking: { errors, warnings: unacknowledged, unsignedParts: unsigned } };
  }
  return {
    ok: true,
    acknowledgements: warnings.map((warning) => ({ warning, reason: request.acknowledgements.get(warningKey(warning))! })),
    override: unsignedParts.length > 0 ? { parts: unsignedParts, reason: request.overrideReason! } : null,
  };
}

/** Why the gate refused, in one zh-CN sentence for the 409 answer's `message`. */
export function blockingMessage(blocking: PublicationBlocking): string {
  const reasons: string[] = [];
  if (blocking.errors.length > 0) reasons.push(`有 ${blocking.errors.length} 个错误需要先改正`);
  if (blocking.warnings.length > 0) reasons.push(`有 ${blocking.warnings.length} 个警告需要说明理由`);
  if (blocking.unsignedParts.length > 0) reasons.push(`有 ${blocking.unsignedParts.length} 个部分尚未签批`);
  return `不能发布：${reasons.join('；')}`;
}

export const reasonRule: NameRule = Object.freeze({ label: '理由', maxLength: 500 });

/** A request body's gate fields from untrusted JSON, or the zh-CN reason it is refused. */
export function parseGateRequest(body: Record<string, unknown>): { ok: true; request: GateRequest } | { ok: false; problem: string } {
  const acknowledgements = new Map<string, string>();
  const listed = body.acknowledgements ?? [];
  if (!Array.isArray(listed) || listed.length > 1000) return { ok: false, problem: 'acknowledgements 应为 {"warning", "reason"} 的列表' };
  for (const entry of listed) {
    const { warning, reason } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof warning !== 'string' || warning.length > 4000) return { ok: false, problem: 'acknowledgements 的每一项应有 warning（警告的标识）' };
    const checked = checkName(reason, reasonRule);
    if (!checked.ok) return { ok: false, problem: `警告的${checked.problem}` };
    acknowledgements.set(warning, checked.name);
  }
  let overrideReason: string | null = null;
  if (body.overrideReason !== undefined && body.overrideReason !== null) {
    const checked = checkName(body.overrideReason, reasonRule);
    if (!checked.ok) return { ok: false, problem: `未签批仍发布的${checked.problem}` };
    overrideReason = checked.name;
  }
  return { ok: true, request: { acknowledgements, overrideReason } };
}
