/**
 * The comments and sign-offs of a report as the REST API gives them (docs/api.md): read from the
 * document with the same pure functions the browser uses, so that `detached` and `lapsed` say
 * here what the page shows.
 */
import type * as Y from 'yjs';
import type { CommentsResponse, SignoffsResponse } from '../../schema/api.ts';
import { isCellAnchor, isTextAnchor } from '../../schema/comments/anchor.ts';
import { readThreads } from '../../schema/comments/threads.ts';
import { reportSignoffs, statusOf } from '../../schema/signoffs/state.ts';

export function commentsOf(doc: Y.Doc): CommentsResponse {
  return {
    threads: readThreads(doc).map((thread) => {
      const { anchor } = thread;
      return {
        id: thread.id,
        anchor: isTextAnchor(anchor)
          ? { part: anchor.part, fragment: anchor.fragment, quote: anchor.quote }
          : isCellAnchor(anchor)
            ? { part: anchor.part, cell: anchor.cell }
            : { part: anchor.part },
        resolved: thread.resolved,
        detached: thread.position.kind === 'text' && !thread.position.attached,
        comments: thread.comments.map((c) => ({
          id: c.id,
          author: c.author,
          text: c.text,
          at: new Date(c.at).toISOString(),
          edited: c.edited === null ? null : new Date(c.edited).toISOString(),
          mentions: c.mentions,
        })),
      };
    }),
  };
}

export function signoffsOf(doc: Y.Doc): SignoffsResponse {
  const parts = reportSignoffs(doc);
  return {
    status: statusOf(parts),
    parts: parts.map((p) => ({
      part: p.part,
      state: p.state,
      digest: p.digest,
      steps: p.steps.flatMap(({ step, record, counts, lapsed }) =>
        record === null ? [] : [{ step, by: record.by, at: new Date(record.at).toISOString(), digest: record.digest, counts, lapsed }],
      ),
    })),
  };
}
