/**
 * A server with accounts and the sample report, its members as real accounts with tokens, and
 * what the versions tests do through it: REST calls as a member, websocket peers editing the
 * report, and waiting until an edit has reached the server (another member's peer saw it
 * relayed: relayed means stored, and REST reads apply what was received).
 */
import * as Y from 'yjs';
import type { PartKey } from '../../../schema/format.ts';
import type { Rights } from '../../../schema/permissions.ts';
import { signoffsMap } from '../../../schema/signoffs/records.ts';
import { signStep } from '../../../schema/signoffs/state.ts';
import { signoffSteps } from '../../../schema/signoffs/steps.ts';
import { readReportData } from '../../../schema/ydoc.ts';
import type { ReportData } from '../../../schema/report.ts';
import { addPerson, bearer, type Person } from '../../accounts/test-support/people.ts';
import { sampleReportId } from '../../reports.ts';
import { type TestBed, type TestClient, waitFor } from '../../test-support/test-bed.ts';

export const reportId = sampleReportId;

export const memberRights = {
  owner: { role: 'owner', parts: 'all' },
  editor: { role: 'editor', parts: ['requests'] },
  reviewer: { role: 'reviewer', parts: 'all' },
  viewer: { role: 'viewer', parts: 'all' },
} as const satisfies Record<string, Rights>;

export type MemberName = keyof typeof memberRights;

export interface VersionsServer {
  readonly url: string;
  readonly people: Readonly<Record<MemberName | 'outsider', Person>>;
  /** A REST call as `who`; `body` is sent as JSON. */
  call(who: MemberName | 'outsider', method: string, path: string, body?: unknown): Promise<Response>;
  /** A y-websocket peer of `who` on the sample report, synced. */
  peer(who: MemberName): Promise<TestClient>;
  /**
   * Makes `who` the signer of every step (撰稿人, 科室负责人, 分管领导) through the REST API, and
   * signs off `parts` in their peer; resolves once `watcher` has the records.
   */
  signOff(who: MemberName, signer: TestClient, watcher: TestClient, parts: readonly PartKey[]): Promise<void>;
  /** Runs `edit` in the owner's peer and resolves once `watcher` shows its effect on the data. */
  edit(writer: TestClient, watcher: TestClient, edit: (doc: Y.Doc) => void, shows: (data: ReportData) => boolean): Promise<void>;
}

export async function startVersionsServer(bed: TestBed): Promise<VersionsServer> {
  const server = await bed.server({ auth: 'accounts' });
  const people = {} as Record<MemberName | 'outsider', Person>;
  for (const [name, rights] of Object.entries(memberRights)) {
    people[name as MemberName] = await addPerson(server, name, { reportId, rights, displayName: `${name}的显示名` });
  }
  people.outsider = await addPerson(server, 'outsider');
  return {
    url: server.url,
    people,
    call: (who, method, path, body) =>
      fetch(`${server.url}/api/reports/${reportId}${path}`, {
        method,
        headers: { ...bearer(people[who].token), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async peer(who) {
      const client = bed.client(server.url, reportId, { params: { token: people[who].token } });
      await client.synced;
      return client;
    },
    async signOff(who, signer, watcher, parts) {
      const name = people[who].user.name;
      const designated = await fetch(`${server.url}/api/reports/${reportId}/signers`, {
        method: 'PUT',
        headers: { ...bearer(people.owner.token), 'Content-Type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(signoffSteps.map((step) => [step, [name]]))),
      });
      if (designated.status !== 200) throw new Error(`PUT signers: ${designated.status} ${await designated.text()}`);
      // The designation reaches open connections with their next update; the peer reconnects
      // only if its own rights changed, which a designation does not.
      const records = signoffsMap(watcher.doc).size + parts.length * signoffSteps.length;
      for (const part of parts) for (const step of signoffSteps) signStep(signer.doc, part, step, String(people[who].user.id));
      await waitFor(() => signoffsMap(watcher.doc).size === records, 'the sign-offs relayed to another peer');
    },
    async edit(writer, watcher, edit, shows) {
      edit(writer.doc);
      await waitFor(() => shows(readReportData(watcher.doc)), 'the edit relayed to another peer');
    },
  };
}
