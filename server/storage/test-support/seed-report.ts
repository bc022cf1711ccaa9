/**
 * Storage test fixtures from the real seed report (余杭区商务局2024年政府信息公开工作年度报告,
 * shared/seed/yuhang-commerce-2024.txt, kept in the project as schema/sample/), as the importer reads it.
 */
import * as Y from 'yjs';
import type { TableKey } from '../../../schema/format.ts';
import { seedReport } from '../../../schema/test-support/seed-report.ts';
import { cellsMap, createReportDoc, narrativeFragment } from '../../../schema/ydoc.ts';
import type { NewReport } from '../storage.ts';

/** The seed's ReportData, read through the plain-text importer (never typed in by hand). */
export const seedReportData = seedReport;

/** A `NewReport` for the seed, its template being the seed's Y.Doc as one update. */
export function seedNewReport(id: string): NewReport {
  const data = seedReportData();
  return {
    id,
    agency: data.agency,
    kind: data.kind,
    year: data.year,
    initialState: Y.encodeStateAsUpdate(createReportDoc(data)),
    counts: { error: 0, warning: 1, info: 2 },
  };
}

/**
 * A client editing a report: a Y.Doc loaded from the template, whose every transaction yields
 * one update — what a browser sends the server.
 */
export class EditingClient {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];

  constructor(initialState: Uint8Array, clientID?: number) {
    if (clientID !== undefined) this.doc.clientID = clientID;
    Y.applyUpdate(this.doc, initialState, 'storage');
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'storage') this.updates.push(update);
    });
  }

  /** Types `text` one character per update at `offset` of the first paragraph of 一、总体情况. */
  typeInOverview(text: string, offset = 0): Uint8Array[] {
    const first = this.updates.length;
    const paragraph = this.firstOverviewText();
    [...text].forEach((char, i) => paragraph.insert(offset + i, char));
    return this.updates.slice(first);
  }

  /** Sets one cell of a table in one update. */
  setCell(table: TableKey, key: string, value: string): Uint8Array {
    cellsMap(this.doc, table).set(key, value);
    return this.updates[this.updates.length - 1];
  }

  /** Deletes `length` characters of the first overview paragraph in one update. */
  deleteInOverview(offset: number, length: number): Uint8Array {
    this.firstOverviewText().delete(offset, length);
    return this.updates[this.updates.length - 1];
  }

  private firstOverviewText(): Y.XmlText {
    const paragraph = narrativeFragment(this.doc, 'overview').get(0) as Y.XmlElement;
    return paragraph.get(0) as Y.XmlText;
  }
}

/** The `i`-th character a scripted typist enters: the seed's overview, over and over. */
export function scriptedCharacter(i: number): string {
  const chars = [...seedReport().parts.overview.replaceAll('\n', '')];
  return chars[i % chars.length];
}
