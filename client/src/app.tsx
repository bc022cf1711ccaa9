import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { type AccountState, fetchAccount } from './account.ts';
import { AccountContext } from './account-context.ts';
import { SignInPage } from './pages/SignInPage.tsx';
import { type Person, loadDisplayName, personNamed, saveDisplayName } from './identity.ts';
import { NamePrompt } from './pages/NamePrompt.tsx';
import { ReportListPage } from './pages/ReportListPage.tsx';
import { Link, type Route, useRoute } from './router.tsx';

/**
 * The report page (TipTap, Yjs, the checks: most of the code) is its own chunk, so that the
 * sign-in and list pages load without it. It is fetched in the background once the app is up,
 * so that opening a report is quick; the service worker caches it for offline use when it
 * installs (asset-manifest.json).
 */
const loadReportPage = () => import('./pages/ReportPage.tsx');
const ReportPage = lazy(() => loadReportPage().then((module) => ({ default: module.ReportPage })));
/** A report's history (its list, one version read-only, a comparison): fetched when first opened. */
const loadVersionPages = () => import('./versions/pages.tsx');
const HistoryPage = lazy(() => loadVersionPages().then((module) => ({ default: module.HistoryPage })));
const VersionPage = lazy(() => loadVersionPages().then((module) => ({ default: module.VersionPage })));
const ComparePage = lazy(() => loadVersionPages().then((module) => ({ default: module.ComparePage })));

function prefetchReportPage(): void {
  const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 1000));
  idle(() => void loadReportPage());
}

/** Accounts first: the sign-in page until signed in; without accounts, the display-name flow. */
export function App() {
  const [account, setAccount] = useState<AccountState>({ kind: 'loading' });
  useEffect(prefetchReportPage, []);
  useEffect(() => {
    const load = () => fetchAccount().then(setAccount, () => setAccount({ kind: 'disabled' }));
    void load();
    // Back online after starting offline: the server says who is signed in (and the CSRF token).
    window.addEventListener('online', load);
    return () => window.removeEventListener('online', load);
  }, []);
  if (account.kind === 'loading') return null;
  if (account.kind === 'signed-out') return <SignInPage onSignedIn={setAccount} />;
  return (
    <AccountContext.Provider value={{ account, setAccount }}>
      {account.kind === 'signed-in' ? <SignedInApp displayName={account.user.displayName} /> : <NamedApp />}
    </AccountContext.Provider>
  );
}

function SignedInApp({ displayName }: { displayName: string }) {
  const route = useRoute();
  const person = useMemo(() => personNamed(displayName), [displayName]);
  return <Page route={route} person={person} onRename={() => {}} />;
}

function NamedApp() {
  const route = useRoute();
  const [name, setName] = useState(loadDisplayName);
  const [renaming, setRenaming] = useState(false);
  const person = useMemo(() => (name ? personNamed(name) : null), [name]);
  const choose = (chosen: string) => {
    saveDisplayName(chosen);
    setName(chosen);
    setRenaming(false);
  };
  if (!person) return <NamePrompt onChosen={choose} />;
  const rename = () => setRenaming(true);
  return (
    <>
      {renaming ? <NamePrompt initial={person.name} onChosen={choose} onCancel={() => setRenaming(false)} /> : null}
      <Page route={route} person={person} onRename={rename} />
    </>
  );
}

function Page({ route, person, onRename }: { route: Route; person: Person; onRename: () => void }) {
  switch (route.page) {
    case 'list':
      return <ReportListPage person={person} onRename={onRename} />;
    case 'report':
      return (
        <Suspense fallback={<p className="page-loading">正在打开年报…</p>}>
          <ReportPage key={route.reportId} reportId={route.reportId} person={person} onRename={onRename} />
        </Suspense>
      );
    case 'history':
      return (
        <Suspense fallback={<p className="page-loading">正在打开历史版本…</p>}>
          <HistoryPage key={route.reportId} reportId={route.reportId} person={person} onRename={onRename} />
        </Suspense>
      );
    case 'version':
      return (
        <Suspense fallback={<p className="page-loading">正在打开历史版本…</p>}>
          <VersionPage key={`${route.reportId}/${route.number}`} reportId={route.reportId} number={route.number} person={person} onRename={onRename} />
        </Suspense>
      );
    case 'compare':
      return (
        <Suspense fallback={<p className="page-loading">正在比较…</p>}>
          <ComparePage key={`${route.reportId}/${route.from}/${route.to}`} reportId={route.reportId} from={route.from} to={route.to} person={person} onRename={onRename} />
        </Suspense>
      );
    case 'notFound':
      return (
        <main className="not-found">
          <p>页面不存在：{route.path}</p>
          <Link to="/">返回报告列表</Link>
        </main>
      );
  }
}
