/**
 * The websocket `authorize` hook with accounts: every message of a connection is judged with
 * the connection's current rights (`ReportAccess`).
 *
 * - Sync step 2 and update messages carry content: `authorizeUpdate` inspects the update
 *   against the document without applying it; anything outside the rights (a viewer's or a
 *   reviewer's content edit, an editor's insert, format or delete in a part not theirs, an
 *   update that cannot be resolved) is refused, and the room then closes the connection with
 *   4403 before the update is applied, stored or relayed.
 * - Client ids are bound to users: the first user to write structs under a Yjs client id owns
 *   it (reconnects of the same editor keep their id and pass). Another user writing under that
 *   id would plant structs the owner's own later edits collide with (Yjs skips a struct whose id
 *   it already has) and would be misattributed in the audit trail. Bindings are stored (the
 *   report's owners are loaded before its first connection opens: `prepare`), so a restart
 *   does not free them; a content update for a report not prepared closes with 1011 (retry).
 * - Comments and sign-offs are the sender's own (permissions/annotations.ts): the author of a
 *   comment added, edited or deleted, the signer named in a sign-off record, is the connection's
 *   user; mentions name members; a sign-off step is written only by a member the owner
 *   designated for it. The report's roster is loaded with the client-id owners (`prepare`).
 * - Accepted content updates go to the audit trail.
 * - Awareness from read-only connections is marked `readOnly`: the room relays it without a
 *   caret or a focused cell (room/presence-state.ts).
 */

import { editableParts, rightsCloseCodes, rightsCloseReasons } from '../../schema/permissions.ts';
import type { AuthorizationResult, Authorize, AuthorizationSubject, Identity } from '../hooks.ts';
import { annotationRefusal, type AnnotationFootprint } from '../permissions/annotations.ts';
import { authorizeUpdate, describeRights, judgeFootprint } from '../permissions/authorize.ts';
import { inspectRoomUpdate } from '../permissions/inspect.ts';
import type { IncomingSyncMessage } from '../sync/protocol.ts';
import type { ReportAccess } from './access.ts';
import type { AuditRecorder } from './audit.ts';
import type { Clock } from './clock.ts';
import type { AccountStore, ClientBinding } from './store.ts';

export const forbiddenCloseCode = rightsCloseCodes.forbidden;
export const unauthenticatedCloseCode = rightsCloseCodes.unauthenticated;
/** Internal error (1011): the client reconnects and sends its changes again in sync step 2. */
const retryCloseCode = 1011;

const allowed: AuthorizationResult = Object.freeze({ ok: true });

/** The numeric account id of a signed-in identity, or undefined for anything else. */
export function accountIdOf(identity: Identity): number | undefined {
  if (identity.kind !== 'user') return undefined;
  const id = Number(identity.userId);
  return Number.isSafeInteger(id) ? id : undefined;
}

export interface UpdateAuthorizerOptions {
  readonly access: ReportAccess;
  readonly audit: AuditRecorder;
  /** Where client-id bindings are kept. */
  readonly owners: Pick<AccountStore, 'clientOwners' | 'bindClients'>;
  readonly clock: Clock;
  /** Called for each refusal (the server logs it). */
  readonly onRefusal?: (subject: AuthorizationSubject, reason: string) => void;
  /** A binding could not be stored (it holds in memory until the server stops). */
  readonly onBindingError?: (err: unknown) => void;
}

export class UpdateAuthorizer {
  /** Per prepared report: Yjs client id → account id that first wrote under it (null: deleted). */
  private readonly clientOwners = new Map<string, Map<number, number | null>>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly options: UpdateAuthorizerOptions) {}

  /** Loads the report's client-id owners and roster, once; a connection opens only after this. */
  async prepare(reportId: string): Promise<void> {
    await Promise.all([this.loadClientOwners(reportId), this.options.access.loadRoster(reportId)]);
  }

  private loadClientOwners(reportId: string): Promise<void> {
    if (this.clientOwners.has(reportId)) return Promise.resolve();
    let load = this.loading.get(reportId);
    if (!load) {
      load = this.options.owners.clientOwners(reportId).then(
        (stored) => {
          this.clientOwners.set(reportId, stored);
          this.loading.delete(reportId);
        },
        (err: unknown) => {
          this.loading.delete(reportId);
          throw err;
        },
      );
      this.loading.set(reportId, load);
    }
    return load;
  }

  readonly authorize: Authorize = (subject, message) => this.judge(subject, message);

  /**
   * The awareness message to apply instead of `message` for this connection: marked `readOnly`
   * for connections that may edit no content, `message` itself otherwise.
   */
  awarenessFor(subject: AuthorizationSubject, message: Extract<IncomingSyncMessage, { type: 'awareness' }>): IncomingSyncMessage {
    const userId = accountIdOf(subject.identity);
    const rights = userId === undefined ? undefined : this.options.access.current(subject.reportId, userId);
    if (rights && editableParts(rights).length > 0) return message;
    return { ...message, readOnly: true };
  }

  private judge(subject: AuthorizationSubject, message: IncomingSyncMessage): AuthorizationResult {
    const userId = accountIdOf(subject.identity);
    if (userId === undefined) return this.refuse(subject, unauthenticatedCloseCode, 'unauthenticated', 'not signed in');
    const rights = this.options.access.current(subject.reportId, userId);
    if (!rights) return this.refuse(subject, forbiddenCloseCode, rightsCloseReasons.removed, 'no role on this report');
    if (message.type === 'awareness') {
      const effective = this.awarenessFor(subject, message);
      return effective === message ? allowed : { ok: true, message: effective };
    }
    if (message.type !== 'sync-step2' && message.type !== 'update') return allowed;

    // The room has inspected the update already, or the sync layer decoded it: not again here.
    const verdict = message.footprint
      ? judgeFootprint(message.footprint, rights)
      : message.decoded
        ? judgeFootprint(inspectRoomUpdate(subject, message.decoded), rights)
        : authorizeUpdate(subject.doc, message.update, rights);
    if (!verdict.ok) return this.refuse(subject, forbiddenCloseCode, rightsCloseReasons.updateRefused, verdict.reason);
    const owners = this.clientOwners.get(subject.reportId);
    // Fail closed, but not as a refusal (the browser would drop its unsent changes): without the
    // stored owners any id might be someone else's, so the client reconnects, which loads them.
    if (!owners) return this.refuse(subject, retryCloseCode, 'server not ready', 'client-id owners of the report not loaded');
    let unbound: ClientBinding[] | undefined;
    for (const client of verdict.footprint.clients) {
      const owner = owners.get(client);
      if (owner === undefined) (unbound ??= []).push({ client, userId });
      else if (owner !== userId) {
        return this.refuse(subject, forbiddenCloseCode, rightsCloseReasons.updateRefused, `writes under Yjs client id ${client}, which belongs to another user (${describeRights(rights)})`);
      }
    }
    const annotations = verdict.footprint.annotations;
    if (annotations !== undefined) {
      const refusal = this.annotationRefusal(subject.reportId, userId, annotations);
      if (refusal !== undefined) return this.refuse(subject, refusal.closeCode, refusal.reason, refusal.why);
    }
    // Allowed so far: the room holds it and asks again once it resolves; nothing is bound or
    // audited for an update that is not taken.
    if (verdict.footprint.unresolved) return allowed;
    if (unbound) this.bind(subject.reportId, owners, unbound);
    this.options.audit.record(subject.reportId, userId, verdict.footprint, message.update.length);
    return allowed;
  }

  private annotationRefusal(reportId: string, userId: number, footprint: AnnotationFootprint): { closeCode: number; reason: string; why: string } | undefined {
    const roster = this.options.access.roster(reportId);
    // As for the owners: fail closed, the client retries (its reconnection loads the roster).
    if (roster === undefined) return { closeCode: retryCloseCode, reason: 'server not ready', why: 'roster of the report not loaded' };
    const why = annotationRefusal(footprint, {
      user: String(userId),
      isMember: (user) => roster.members.has(Number(user)),
      isDesignated: (step) => roster.signers.get(step)?.has(userId) === true,
    });
    return why === undefined ? undefined : { closeCode: forbiddenCloseCode, reason: rightsCloseReasons.updateRefused, why };
  }

  /** Binds in memory at once, and stores (with SQLite, before this returns: the call does not wait on I/O). */
  private bind(reportId: string, owners: Map<number, number | null>, bindings: ClientBinding[]): void {
    for (const { client, userId } of bindings) owners.set(client, userId);
    this.options.owners.bindClients(reportId, bindings, this.options.clock()).catch((err: unknown) => this.options.onBindingError?.(err));
  }

  /** `closeReason` goes to the client (it tells a refused update from a removal); `why` to the log. */
  private refuse(subject: AuthorizationSubject, closeCode: number, closeReason: string, why: string): AuthorizationResult {
    this.options.onRefusal?.(subject, why);
    return { ok: false, rejection: { closeCode, reason: closeReason } };
  }
}

