/**
 * A two-route router on the history API: `/` (the report list) and `/reports/:id`.
 * Small on purpose: the app has two pages and no nested routes.
 */
import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

export type Route = { page: 'list' } | { page: 'report'; reportId: string } | { page: 'notFound'; path: string };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'list' };
  const match = /^\/reports\/([^/]+)\/?$/.exec(pathname);
  if (match) return { page: 'report', reportId: decodeURIComponent(match[1]) };
  return { page: 'notFound', path: pathname };
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
