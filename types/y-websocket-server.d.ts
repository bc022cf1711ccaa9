// @y/websocket-server 0.1.1 ships no type declarations for its `utils` entry; the bench's
// reference server uses only these.
declare module '@y/websocket-server/utils' {
  import type { IncomingMessage } from 'node:http';
  import type { WebSocket } from 'ws';
  import type * as Y from 'yjs';

  export function setupWSConnection(conn: WebSocket, req: IncomingMessage, options?: { docName?: string; gc?: boolean }): void;
  export const docs: Map<string, Y.Doc>;
}
