import type { ReactNode } from 'react';
import type { Person } from '../identity.ts';
import { Link } from '../router.tsx';

/** The bar on every page: product name, page controls, and who you are. */
export function TopBar({ person, children }: { person: Person; children?: ReactNode }) {
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        <span className="brand-mark">年报</span>
        <span className="brand-name">政府信息公开工作年度报告</span>
      </Link>
      <div className="topbar-controls">{children}</div>
      <span className="me" title="当前显示名称">
        <span className="me-dot" style={{ background: person.color }} />
        {person.name}
      </span>
    </header>
  );
}
