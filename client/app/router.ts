// Client routes without a router library: three paths, the History API and one hook.
import { useSyncExternalStore } from 'react';
import { codeFromJoinPath, codeFromReclaimPath } from '../lib/join-link.ts';

export type Route =
  | { name: 'lobby' }
  | { name: 'import' }
  | { name: 'drill'; id: string }
  | { name: 'replay'; id: string }
  | { name: 'join'; code: string }
  | { name: 'reclaim'; code: string }
  | { name: 'room'; id: string }
  | { name: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'lobby' };
  if (path === '/import') return { name: 'import' };
  const m = /^\/(drill|replay|room)\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (m) return { name: m[1] as 'drill' | 'replay' | 'room', id: m[2]! };
  const code = codeFromJoinPath(path);
  if (code !== null) return { name: 'join', code };
  const reclaim = codeFromReclaimPath(path);
  if (reclaim !== null) return { name: 'reclaim', code: reclaim };
  return { name: 'not-found', path };
}

const NAV = 'firedrill:navigate';

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAV));
  window.scrollTo(0, 0);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAV, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAV, onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function useSearchParam(name: string): string | null {
  const search = useSyncExternalStore(subscribe, () => location.search);
  return new URLSearchParams(search).get(name);
}
