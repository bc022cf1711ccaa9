/**
 * The versions of reports as the server keeps them (issue 17): freezing the report as it is now
 * into a version (published through the gate, or a draft without it), reading versions back,
 * comparing two states, restoring one.
 *
 * The report as it is now is read through the room registry: the room is held (loaded if it was
 * not) and its `doc` applies the updates received but not yet applied, so a version holds every
 * update relayed before it. What a version freezes — the state, the data, the diagnostics, the
 * hash — is read in one synchronous step, so the four describe the same moment.
 */
import * as Y from 'yjs';
import type { PublicationBlocking, VersionAuthor, VersionKind } from '../../schema/api.ts';
import { compareReports, type ReportComparison } from '../../schema/compare.ts';
import type { Diagnostic } from '../../schema/diagnostics.ts';
import type { PartKey } from '../../schema/format.ts';
import { judgePublication, type GateRequest } from '../../schema/publication-gate.ts';
import type { ReportData } from '../../schema/report.ts';
import { readReportData } from '../../schema/ydoc.ts';
import type { Logger } from '../log.ts';
import type { Room } from '../room/room.ts';
import type { RoomRegistry } from '../room/registry.ts';
import type { NewVersion, ReportStorage, StoredVersion, VersionRecord } from '../storage/storage.ts';
import { contentHash } from './content-hash.ts';
import { restoreContent } from './restore-content.ts';

/** The parts of a report not signed off, read from its document (one function decides). */
export type UnsignedParts = (doc: Y.Doc) => readonly PartKey[];

export interface ReportVersionsOptions {
  readonly storage: ReportStorage;
  readonly rooms: RoomRegistry;
  readonly unsignedParts: UnsignedParts;
  readonly log: Logger;
}

export interface VersionRequest {
  readonly kind: VersionKind;
  readonly name: string;
  /** For `published`: the acknowledgements and the override the gate reads. */
  readonly gate: GateRequest;
  /** Judge only: nothing is stored. */
  readonly dryRun: boolean;
}

export type VersionOutcome =
  | { readonly kind: 'created'; readonly version: VersionRecord }
  /** A dry run the gate would let through. */
  | { readonly kind: 'ready'; readonly diagnostics: readonly Diagnostic[]; readonly unsignedParts: readonly PartKey[] }
  | { readonly kind: 'blocked'; readonly blocking: PublicationBlocking; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'unknown-report' };

/** One side of a comparison: a version, or the draft (the report as it is now). */
export type ComparedState = { readonly version: number } | 'draft';

export type RestoreOutcome =
  | { readonly kind: 'restored'; readonly restored: VersionRecord; readonly saved: VersionRecord }
  | { readonly kind: 'unknown-version' }
  /** The draft kept changing while it was being saved: nothing was restored. */
  | { readonly kind: 'busy' };

/** The name of the draft saved before a restore: what the history lists. */
export function savedBeforeRestoreName(number: number): string {
  return `恢复前自动保存（恢复第 ${number} 版之前的草稿）`;
}

/** Saving the draft before a restore is tried this often while edits keep arriving meanwhile. */
const restoreSaveAttempts = 3;

/** The origin of a restore's transaction on the room's document (a change made by the server). */
export const restoreOrigin = Symbol('nianbao:restore');

export class ReportVersions {
  constructor(private readonly options: ReportVersionsOptions) {}

  list(reportId: string): Promise<VersionRecord[]> {
    return this.options.storage.listVersions(reportId);
  }

  get(reportId: string, number: number): Promise<StoredVersion | undefined> {
    return this.options.storage.getVersion(reportId, number);
  }

  /** Freezes the report as it is now, if the gate lets a publication through. */
  async create(reportId: string, author: VersionAuthor, request: VersionRequest): Promise<VersionOutcome> {
    const outcome = await this.withRoom(reportId, async (room): Promise<VersionOutcome> => {
      const doc = room.doc;
      const diagnostics = room.diagnostics();
      let gated: Pick<NewVersion, 'acknowledgements' | 'override'> = { acknowledgements: [], override: null };
      if (request.kind === 'published') {
        const unsignedParts = this.options.unsignedParts(doc);
        const verdict = judgePublication({ diagnostics, unsignedParts, request: request.gate });
        if (!verdict.ok) return { kind: 'blocked', blocking: verdict.blocking, diagnostics };
        if (request.dryRun) return { kind: 'ready', diagnostics, unsignedParts };
        gated = { acknowledgements: verdict.acknowledgements, override: verdict.override };
      } else if (request.dryRun) {
        return { kind: 'ready', diagnostics, unsignedParts: this.options.unsignedParts(doc) };
      }
      const version = await this.options.storage.createVersion(reportId, {
        ...freeze(room, diagnostics),
        kind: request.kind,
        name: request.name,
        createdBy: author,
        ...gated,
      });
      this.options.log.info({ report: reportId, version: version.number, kind: version.kind, by: author.name }, 'version created');
      return { kind: 'created', version };
    });
    return outcome ?? { kind: 'unknown-report' };
  }

  /** The data of two states of a report, compared; undefined if either does not exist. */
  async compare(reportId: string, from: ComparedState, to: ComparedState): Promise<ReportComparison | undefined> {
    const [before, after] = [await this.dataOf(reportId, from), await this.dataOf(reportId, to)];
    return before && after ? compareReports(before, after) : undefined;
  }

  /**
   * Makes the draft equal to version `number`, as a change made by the server that every open
   * editor receives live, after saving the draft as it was as a version of its own. Undefined
   * for an unknown report.
   */
  async restore(reportId: string, number: number, author: VersionAuthor): Promise<RestoreOutcome | undefined> {
    const version = await this.options.storage.getVersion(reportId, number);
    if (!version) return (await this.options.storage.getReport(reportId)) ? { kind: 'unknown-version' } : undefined;
    return this.withRoom(reportId, async (room): Promise<RestoreOutcome> => {
      const saved = await this.saveBeforeRestore(reportId, room, number, author);
      if (!saved) return { kind: 'busy' };
      const source = new Y.Doc();
      Y.applyUpdate(source, version.state);
      // In one turn with the check above that the saved draft is the draft: nothing in between.
      restoreContent(room.doc, source, restoreOrigin);
      source.destroy();
      // Stored (and relayed) before the answer says it is done.
      await room.flushed();
      this.options.log.info({ report: reportId, version: number, saved: saved.number, by: author.name }, 'version restored');
      return { kind: 'restored', restored: versionRecord(version), saved };
    });
  }

  /**
   * Saves the draft as a version and returns it, once the draft is still what was saved after the
   * save resolved (edits may arrive while storage is awaited); null if it kept changing.
   */
  private async saveBeforeRestore(reportId: string, room: Room, number: number, author: VersionAuthor): Promise<VersionRecord | null> {
    for (let attempt = 0; attempt < restoreSaveAttempts; attempt++) {
      const frozen = freeze(room);
      const saved = await this.options.storage.createVersion(reportId, {
        ...frozen,
        kind: 'draft',
        name: savedBeforeRestoreName(number),
        createdBy: author,
        acknowledgements: [],
        override: null,
      });
      if (contentHash(room.doc) === frozen.contentHash) return saved;
    }
    return null;
  }

  private async dataOf(reportId: string, state: ComparedState): Promise<ReportData | undefined> {
    if (state === 'draft') return this.withRoom(reportId, async (room) => readReportData(room.doc));
    return (await this.options.storage.getVersion(reportId, state.version))?.data;
  }

  /** Holds the report's room for the duration of `use`; undefined for an unknown report. */
  private async withRoom<T>(reportId: string, use: (room: Room) => Promise<T>): Promise<T | undefined> {
    const room = await this.options.rooms.hold(reportId);
    if (!room) return undefined;
    try {
      return await use(room);
    } finally {
      this.options.rooms.release(room);
    }
  }
}

/** What a version freezes of the room's report, read in one step. */
function freeze(room: Room, diagnostics = room.diagnostics()): Pick<NewVersion, 'state' | 'data' | 'diagnostics' | 'contentHash'> {
  const doc = room.doc;
  return { state: Y.encodeStateAsUpdate(doc), data: readReportData(doc), diagnostics, contentHash: contentHash(doc) };
}

function versionRecord({ state: _state, data: _data, diagnostics: _diagnostics, ...record }: StoredVersion): VersionRecord {
  return record;
}
