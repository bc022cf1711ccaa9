/** 已连接 / 正在重连 / 离线（N 项修改未同步）. */
import { memo } from 'react';
import { connectionLabel } from '../collab/connection.ts';
import type { ReportSession } from '../collab/session.ts';
import { useConnection } from '../collab/use-session.ts';

export const ConnectionIndicator = memo(function ConnectionIndicator({ session }: { session: ReportSession }) {
  const state = useConnection(session);
  return (
    <span className={`connection ${state.status}`} role="status" data-status={state.status} data-unsent={state.unsent}>
      <span className="connection-dot" aria-hidden="true" />
      {connectionLabel(state)}
    </span>
  );
});
