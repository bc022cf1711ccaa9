/**
 * The REST router's table: a path pattern whose first group is the report id (when it has one)
 * and whose further groups are the route's own arguments, with a handler per method.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Rights } from '../../schema/permissions.ts';

export interface RouteParams {
  /** The report id, decoded and checked against the id pattern ('' for routes without one). */
  readonly id: string;
  /** The pattern's further groups, decoded. */
  readonly args: readonly string[];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, params: RouteParams) => Promise<void>;

export interface Route {
  readonly pattern: RegExp;
  readonly methods: Readonly<Record<string, Handler>>;
}

/** Who asks, on one report: the account's names and rights (with accounts off, an anonymous owner). */
export interface RequestActor {
  readonly name: string;
  readonly displayName: string;
  readonly rights: Rights;
}

/** Everyone, on a server without accounts (tests): every route treats them as an owner. */
export const anonymousActor: RequestActor = Object.freeze({ name: 'anonymous', displayName: '匿名用户', rights: Object.freeze({ role: 'owner', parts: 'all' }) });
