/**
 * A small router on the history API: `/` (the report list), `/reports/:id` (the report), and a
 * report's history: `/reports/:id/history`, `/reports/:id/versions/:n` (one version, read-only),
 * `/reports/:id/versions/:a/compare/:b` (`b` a number or `draft`). Small on purpose: a handful of
 * pages and no nested routes.
 */
import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

export type Route =
  | { page: 'list' }
  | { page: 'report'; reportId: string }
  | { page: 'history'; reportId: string }
  | { page: 'version'; reportId: string; number: number }
  | { page: 'compare'; reportId: string; from: number; to: number | 'draft' }
  | { page: 'notFound'; path: string };

const versionNumber = '([1-9][0-9]{0,8})';

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'list' };
  const report = /^\/reports\/([^/]+)(\/.*)?$/.exec(pathname);
  const reportId = report ? safeDecode(report[1]) : undefined;
  if (!report || reportId === undefined) return { page: 'notFound', path: pathname };
  const rest = report[2] ?? '';
  if (rest === '' || rest === '/') return { page: 'report', reportId };
  if (rest === '/history' || rest === '/history/') return { page: 'history', reportId };
  const version = new RegExp(`^/versions/${versionNumber}/?$`).exec(rest);
  if (version) return { page: 'version', reportId, number: Number(version[1]) };
  const compare = new RegExp(`^/versions/${versionNumber}/compare/(${versionNumber.slice(1, -1)}|draft)/?$`).exec(rest);
  if (compare) return { page: 'compare', reportId, from: Number(compare[1]), to: compare[2] === 'draft' ? 'draft' : Number(compare[2]) };
  return { page: 'notFound', path: pathname };
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return parseRoute(pathname);
}

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  listeners.forEach((l) => l());
}

export function reportPath(reportId: string): string {
  return `/reports/${encodeURIComponent(reportId)}`;
}

export function historyPath(reportId: string): string {
  return `${reportPath(reportId)}/history`;
}

export function versionPath(reportId: string, number: number): string {
  return `${reportPath(reportId)}/versions/${number}`;
}

export function comparePath(reportId: string, from: number, to: number | 'draft'): string {
  return `${versionPath(reportId, from)}/compare/${to}`;
}

/** An anchor that navigates without reloading (and still opens in a new tab on Ctrl/⌘-click). */
export function Link({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} className={className} onClick={onClick}>
      {children}
    </a>
  );
}
