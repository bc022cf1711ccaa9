/** Who is in the report: one avatar per person, in their colour (you first). */
import { memo, useSyncExternalStore } from 'react';
import type { Peer } from '../collab/presence.ts';
import type { ReportSession } from '../collab/session.ts';
import { initialsOf } from '../identity.ts';

export const Avatars = memo(function Avatars({ session }: { session: ReportSession }) {
  const peers = useSyncExternalStore(session.presence.subscribe, () => session.presence.all);
  return (
    <ul className="avatars" aria-label="在线成员">
      {peers.map((peer) => (
        <li key={peer.clientId}>
          <Avatar peer={peer} />
        </li>
      ))}
    </ul>
  );
});

export function Avatar({ peer, small = false }: { peer: Peer; small?: boolean }) {
  const title = peer.isSelf ? `${peer.name}（我）` : peer.name;
  return (
    <span className={small ? 'avatar small' : 'avatar'} style={{ background: peer.color }} title={title} data-name={peer.name}>
      {initialsOf(peer.name)}
    </span>
  );
}
