/**
 * The registry of reports in memory. A report loads on first use, with one load promise per id
 * shared by everyone who asks meanwhile (two connections arriving during a slow load both get
 * the loaded room, never an empty document), and unloads after `idleUnloadMs` with no
 * connections and no one holding it. An unload in progress is awaited before the same report
 * loads again, so the new load sees every update the old room stored.
 */
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import { Room, type RoomOptions } from './room.ts';
import type { ReportStorage } from '../storage/storage.ts';

export interface RoomRegistryOptions extends RoomOptions {
  /** Unload a report this long (ms) after its last connection left. */
  readonly idleUnloadMs: number;
}

interface Entry {
  /** Resolves to the room, or undefined for a report that does not exist. */
  readonly loading: Promise<Room | undefined>;
  room: Room | undefined;
  /** Callers between `hold` and `release` (an upgrade in progress, a REST read). */
  holds: number;
  idleTimer: NodeJS.Timeout | null;
}

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly unloading = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: RoomRegistryOptions) {}

  private get storage(): ReportStorage {
    return this.options.storage;
  }
  private get log(): Logger {
    return this.options.log;
  }
  private get metrics(): ServerMetrics {
    return this.options.metrics;
  }

  /** Rooms currently in memory. */
  get openCount(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.room) n++;
    return n;
  }

  /** The loaded room if it is in memory now (for tests and metrics); does not load. */
  peek(id: string): Room | undefined {
    return this.entries.get(id)?.room;
  }

  /**
   * Loads (or finds) a report and holds it in memory until `release`: it cannot be unloaded in
   * between. Undefined for an unknown report (nothing is held then).
   */
  async hold(id: string): Promise<Room | undefined> {
    if (this.closed) throw new Error('the room registry is closed');
    let entry = this.entries.get(id);
    if (!entry) {
      const created: Entry = { loading: this.load(id), room: undefined, holds: 0, idleTimer: null };
      entry = created;
      this.entries.set(id, created);
      created.loading.then(
        (room) => {
          if (this.entries.get(id) !== created) return;
          if (room) created.room = room;
          else this.entries.delete(id);
        },
        () => {
          if (this.entries.get(id) === created) this.entries.delete(id);
        },
      );
    }
    entry.holds++;
    this.cancelIdle(entry);
    let room: Room | undefined;
    try {
      room = await entry.loading;
    } catch (err) {
      entry.holds--;
      throw err;
    }
    if (!room) {
      entry.holds--;
      return undefined;
    }
    return room;
  }

  /** Ends a `hold`; starts the idle timer if no one uses the room any more. */
  release(room: Room): void {
    const entry = this.entries.get(room.id);
    if (!entry || entry.room !== room) return;
    entry.holds--;
    this.startIdleIfUnused(entry, room);
  }

  private async load(id: string): Promise<Room | undefined> {
    const previous = this.unloading.get(id);
    if (previous) await previous;
    const started = performance.now();
    const stored = await this.storage.loadDocument(id);
    if (!stored) return undefined;
    // The stored bytes are applied when first needed (see Room): a fresh client's join is
    // answered from them directly.
    const room = new Room(id, new Y.Doc(), stored.updates.length, this.options, stored);
    room.onIdle = () => {
      const entry = this.entries.get(id);
      if (entry && entry.room === room) this.startIdleIfUnused(entry, room);
    };
    room.onFailure = () => this.forget(id, room);
    this.metrics.loadSeconds.observe((performance.now() - started) / 1000);
    this.metrics.openReports++;
    this.log.info(
      { report: id, updates: stored.updates.length, ms: Math.round(performance.now() - started) },
      'report loaded',
    );
    return room;
  }

  private startIdleIfUnused(entry: Entry, room: Room): void {
    if (entry.holds > 0 || room.connectionCount > 0 || entry.idleTimer || this.closed) return;
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = null;
      if (entry.holds === 0 && room.connectionCount === 0) void this.unload(room.id, room);
    }, this.options.idleUnloadMs);
    entry.idleTimer.unref();
  }

  private cancelIdle(entry: Entry): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
  }

  /** Takes the room out of the registry at once, then stores what is pending and frees it. */
  private async unload(id: string, room: Room): Promise<void> {
    if (this.entries.get(id)?.room !== room) return;
    this.entries.delete(id);
    const done = room
      .close()
      .then(() => {
        this.metrics.openReports--;
        this.log.info({ report: id }, 'report unloaded after idle period');
      })
      .catch((err: unknown) => this.log.error({ report: id, err }, 'unloading a report failed'))
      .finally(() => {
        if (this.unloading.get(id) === done) this.unloading.delete(id);
      });
    this.unloading.set(id, done);
    await done;
  }

  /** A room whose storage failed: forgotten at once so that the next connection loads afresh. */
  private forget(id: string, room: Room): void {
    const entry = this.entries.get(id);
    if (entry?.room !== room) return;
    this.cancelIdle(entry);
    this.entries.delete(id);
    this.metrics.openReports--;
    void room.close(1011, 'storage failure').catch(() => {});
  }

  /** Closes every room (each flushes its updates first), closing connections with 1001. */
  async close(): Promise<void> {
    this.closed = true;
    const rooms: Room[] = [];
    for (const entry of this.entries.values()) {
      this.cancelIdle(entry);
      const room = entry.room ?? (await entry.loading.catch(() => undefined));
      if (room) rooms.push(room);
    }
    this.entries.clear();
    await Promise.all(rooms.map((room) => room.close(1001, 'server shutting down')));
    this.metrics.openReports -= rooms.length;
    await Promise.all(this.unloading.values());
  }
}
