/**
 * Each Yjs client's typing as a room has received it: a run of consecutive clocks, each
 * keystroke placed after an earlier one of the run, all descending from one item the document
 * held when the run began (the anchor: the first keystroke's left neighbour). A keystroke that
 * continues its client's run goes where the run goes, into the anchor's parent, so the room can
 * answer for it without applying what it has queued: it is new (its clock is past everything
 * received from its client) and its permission footprint is the anchor's place. That lets the
 * room apply received updates after the fan-out has been read, in one transaction for many,
 * instead of right after each relay while the receivers are busy.
 *
 * Items never change parent, so a run's place holds while its items are queued, once they are
 * applied, and after they are deleted. If the anchor's paragraph is deleted and collected, Yjs
 * turns a later keystroke there into a no-op; the run's place then says more than the update
 * does, never less. Any other update with structs of a client ends that client's run; anything
 * that is not a continuation is judged on the document, with the queue applied first.
 */
import * as Y from 'yjs';
import type { DecodedUpdate } from '../sync/update-check.ts';

interface TypingRun {
  /** The first clock of the run. */
  readonly start: number;
  /** The clock the run's next keystroke has. */
  next: number;
  /** The document's item the run's first keystroke was typed after. */
  readonly anchor: Y.Item;
}

/** The single new item of a keystroke-shaped update (one item after a left neighbour, no deletions), else undefined. */
function keystrokeItem({ structs, ds }: DecodedUpdate): Y.Item | undefined {
  if (structs.length !== 1 || ds.clients.size > 0) return undefined;
  const item = structs[0];
  // Decoded items with a left neighbour carry no parent: Yjs copies the neighbour's.
  return item instanceof Y.Item && item.origin !== null && item.parent === null ? item : undefined;
}

export class TypingRuns {
  private readonly runs = new Map<number, TypingRun>();

  /**
   * The anchor of the run `decoded` continues: a keystroke by the run's client at its next
   * clock, typed after one of the run's own items, with its right neighbour (if any) in the run
   * or held by `store`. Undefined for anything else.
   */
  anchorOf(decoded: DecodedUpdate, store: Y.Doc['store']): Y.Item | undefined {
    return this.continuedRun(decoded, store)?.anchor;
  }

  /** Whether `decoded` continues a run: new to the document, whatever the room has queued. */
  continues(decoded: DecodedUpdate, store: Y.Doc['store']): boolean {
    return this.continuedRun(decoded, store) !== undefined;
  }

  /**
   * Records an update the room queued. A continuation extends its run. Any other update ends the
   * runs of the clients it has structs of; a keystroke then starts its client's run if `store`
   * (with the room's queue applied: it was not a continuation) holds its neighbours and it is
   * the client's next clock there.
   */
  queued(decoded: DecodedUpdate, store: Y.Doc['store']): void {
    const continued = this.continuedRun(decoded, store);
    if (continued) {
      continued.next += decoded.structs[0]!.length;
      return;
    }
    const item = keystrokeItem(decoded);
    if (item === undefined) {
      for (const struct of decoded.structs) this.runs.delete(struct.id.client);
      return;
    }
    const { client, clock } = item.id;
    this.runs.delete(client);
    const origin = item.origin!;
    if (clock !== Y.getState(store, client) || (origin.client === client && origin.clock >= clock)) return;
    if (!holdsItem(store, origin) || (item.rightOrigin !== null && !holdsItem(store, item.rightOrigin))) return;
    this.runs.set(client, { start: clock, next: clock + item.length, anchor: Y.getItem(store, origin) as Y.Item });
  }

  /** The run `decoded` continues (one check for judging, redundancy and recording alike). */
  private continuedRun(decoded: DecodedUpdate, store: Y.Doc['store']): TypingRun | undefined {
    const item = keystrokeItem(decoded);
    if (item === undefined) return undefined;
    const { client, clock } = item.id;
    const run = this.runs.get(client);
    if (run === undefined || clock !== run.next || !inRun(run, client, item.origin!)) return undefined;
    const right = item.rightOrigin;
    if (right !== null && !inRun(run, client, right) && !holdsItem(store, right)) return undefined;
    return run;
  }
}

function inRun(run: TypingRun, client: number, id: Y.ID): boolean {
  return id.client === client && id.clock >= run.start && id.clock < run.next;
}

/** Whether the store holds an Item (not a GC) at `id`. */
function holdsItem(store: Y.Doc['store'], id: Y.ID): boolean {
  return id.clock < Y.getState(store, id.client) && Y.getItem(store, id) instanceof Y.Item;
}
