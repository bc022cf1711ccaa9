/**
 * What the `signoffs` root holds: one record per part and step, under the key `part/step`
 * (`requests/head`), a plain JSON value `{by, at, digest}` — who took the step, when (their
 * clock, ms), and the digest of the part's content they signed (digest.ts). Taking a step again
 * replaces its record. The server accepts a record only from a user the owner designated for
 * that step, naming that user (server/permissions/annotations.ts).
 */
import * as Y from 'yjs';
import { type PartKey, partKeys } from '../format.ts';
import { type UserId, isTimestamp, isUserId } from '../comments/values.ts';
import { rootNames } from '../ydoc.ts';
import { type PartDigest, isPartDigest } from './digest.ts';
import { type SignoffStep, isSignoffStep } from './steps.ts';

export interface SignoffRecord {
  readonly by: UserId;
  readonly at: number;
  readonly digest: PartDigest;
}

export function signoffsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(rootNames.signoffs);
}

export function signoffKey(part: PartKey, step: SignoffStep): string {
  return `${part}/${step}`;
}

export function parseSignoffKey(key: string): { readonly part: PartKey; readonly step: SignoffStep } | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const part = key.slice(0, slash);
  const step = key.slice(slash + 1);
  if (!(partKeys as readonly string[]).includes(part) || !isSignoffStep(step)) return undefined;
  return { part: part as PartKey, step };
}

/** The record `value` is, or undefined: exactly `by`, `at` and `digest`, each valid. */
export function parseSignoffRecord(value: unknown): SignoffRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  const record = value as Record<string, unknown>;
  if (Object.keys(record).sort().join(',') !== 'at,by,digest') return undefined;
  const { by, at, digest } = record;
  if (!isUserId(by) || !isTimestamp(at) || !isPartDigest(digest)) return undefined;
  return { by, at, digest };
}
