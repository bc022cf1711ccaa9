import type { ReactNode } from 'react';
import { signOut } from '../account.ts';
import { forgetLocalCopies, hasUnsentChanges } from '../collab/local-copies.ts';
import { useAccount } from '../account-context.ts';
import type { Person } from '../identity.ts';
import { Link } from '../router.tsx';

/** The product name, linking home. */
const brand = (
  <Link to="/" className="brand">
    <span className="brand-mark">年报</span>
    <span className="brand-name">政府信息公开工作年度报告</span>
  </Link>
);

/** The bar on every page: product name, page controls, and who you are. */
export function TopBar({ person, onRename, children }: { person: Person; onRename: () => void; children?: ReactNode }) {
  const { account, setAccount } = useAccount();
  if (account.kind === 'signed-in') {
    const leave = async () => {
      if (hasUnsentChanges() && !window.confirm('本浏览器中还有尚未同步到服务器的修改，退出登录将丢弃这些修改。仍要退出吗？')) return;
      await signOut(account.csrfToken);
      setAccount({ kind: 'signed-out' });
      // The next person to sign in on this browser must not find this user's copies.
      await forgetLocalCopies();
    };
    return (
      <header className="topbar">
        {brand}
        <div className="topbar-controls">{children}</div>
        <span className="me" title={account.user.name}>
          <span className="me-dot" style={{ background: person.color }} />
          {person.name}
        </span>
        <button type="button" className="sign-out" onClick={() => void leave()}>
          退出登录
        </button>
      </header>
    );
  }
  return (
    <header className="topbar">
      {brand}
      <div className="topbar-controls">{children}</div>
      <button type="button" className="me" title="更改显示名称" onClick={onRename}>
        <span className="me-dot" style={{ background: person.color }} />
        {person.name}
      </button>
    </header>
  );
}
