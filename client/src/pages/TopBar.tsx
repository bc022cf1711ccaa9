import type { ReactNode } from 'react';
import type { Person } from '../identity.ts';
import { Link } from '../router.tsx';

/** The bar on every page: product name, page controls, and who you are. */
export function TopBar({ person, onRename, children }: { person: Person; onRename: () => void; children?: ReactNode }) {
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        <span className="brand-mark">年报</span>
        <span className="brand-name">政府信息公开工作年度报告</span>
      </Link>
      <div className="topbar-controls">{children}</div>
      <button type="button" className="me" title="更改显示名称" onClick={onRename}>
        <span className="me-dot" style={{ background: person.color }} />
        {person.name}
      </button>
    </header>
  );
}
