/**
 * Which sign-off step the page offers the person on a part: the part's next step, if the owner
 * designated them for it (the server refuses a record by anyone else). One step at a time, in
 * the chain's order: a step signed out of order would not count.
 */
import type { PartSignoff } from '../../../schema/signoffs/state.ts';
import type { SignoffStep } from '../../../schema/signoffs/steps.ts';

export function offeredStep(signoff: PartSignoff, signs: readonly SignoffStep[]): SignoffStep | null {
  return signoff.next !== null && signs.includes(signoff.next) ? signoff.next : null;
}
