/**
 * Bench clients: stock y-websocket providers in this process. Writers type short markers
 * `〔w-n〕` into their own paragraph of part 六 (so the server's checks analyse real narrative
 * edits); every receiver finds the markers in the updates it gets and records the one-way
 * latency against the writer's send time (same machine, same clock).
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { narrativeFragment } from '../../schema/ydoc.ts';

// Each y-websocket provider adds a process 'exit' listener; benches open a hundred of them.
process.setMaxListeners(0);

export interface BenchClient {
  readonly index: number;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly synced: Promise<void>;
  /** Markers received from others, with their arrival time. */
  readonly received: Map<string, number>;
}

const markerPattern = /〔(\d+)-(\d+)〕/g;

/** A stock provider for the report, signed in with `token` (`?token=`) when one is given. */
export function connectProvider(serverUrl: string, reportId: string, doc: Y.Doc, token?: string, socket: new (address: string, protocols?: string | string[]) => object = WebSocket): WebsocketProvider {
  return new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, reportId, doc, {
    WebSocketPolyfill: socket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token === undefined ? {} : { token },
  });
}

export function connectClient(
  serverUrl: string,
  reportId: string,
  index: number,
  sendTimes: Map<string, number>,
  latencies: number[],
  token?: string,
): BenchClient {
  const doc = new Y.Doc();
  const provider = connectProvider(serverUrl, reportId, doc, token);
  provider.awareness.setLocalState({ user: { name: `用户${index}`, color: '#c0392b' }, cursor: null });
  const received = new Map<string, number>();
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== provider) return;
    const now = performance.now();
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
      for (const match of struct.content.str.matchAll(markerPattern)) {
        const marker = `${match[1]}-${match[2]}`;
        if (received.has(marker)) continue;
        received.set(marker, now);
        const sent = sendTimes.get(marker);
        if (sent !== undefined) latencies.push(now - sent);
      }
    }
  });
  const synced = new Promise<void>((resolve) => {
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) resolve();
    });
  });
  return { index, doc, provider, synced, received };
}

/** A writer's typing: one marker per update, a new paragraph every 20 updates. */
export class MarkerWriter {
  private count = 0;
  private paragraph: Y.XmlText | null = null;

  constructor(
    readonly client: BenchClient,
    private readonly sendTimes: Map<string, number>,
  ) {}

  get written(): number {
    return this.count;
  }

  writeOne(): string {
    const marker = `${this.client.index}-${this.count++}`;
    const text = `〔${marker}〕`;
    const doc = this.client.doc;
    this.sendTimes.set(marker, performance.now());
    doc.transact(() => {
      if (this.paragraph === null || this.count % 20 === 1) {
        const paragraph = new Y.XmlElement('paragraph');
        this.paragraph = new Y.XmlText(text);
        paragraph.insert(0, [this.paragraph]);
        const fragment = narrativeFragment(doc, 'other');
        fragment.insert(fragment.length, [paragraph]);
      } else {
        this.paragraph.insert(this.paragraph.length, text);
      }
    });
    return marker;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
