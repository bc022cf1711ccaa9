/**
 * What the authorize hook judges a message against: the connection's identity, the report and
 * its document. The document is a getter: only a check that inspects it materialises it.
 *
 * A class, not an object literal with a getter: one is made per incoming message, and defining
 * the literal's accessor cost ~15 µs on the cold path a keystroke takes after an idle moment.
 */
import type * as Y from 'yjs';
import type { AuthorizationSubject, Identity } from '../hooks.ts';
import type { DecodedUpdate } from '../sync/update-check.ts';

/** The room as a subject sees it (`doc` applies what the room has queued). */
export interface SubjectRoom {
  readonly id: string;
  readonly doc: Y.Doc;
  typingAnchor(decoded: DecodedUpdate): Y.Item | undefined;
}

export class RoomSubject implements AuthorizationSubject {
  constructor(
    private readonly room: SubjectRoom,
    private readonly connection: { readonly identity: Identity },
  ) {}

  get identity(): Identity {
    return this.connection.identity;
  }

  get reportId(): string {
    return this.room.id;
  }

  get doc(): Y.Doc {
    return this.room.doc;
  }

  typingAnchor(decoded: DecodedUpdate): Y.Item | undefined {
    return this.room.typingAnchor(decoded);
  }
}
