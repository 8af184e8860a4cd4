// The app shell: picks the screen for the path (the top bar hosts the notices).
import { lazy, Suspense } from 'react';
import { DrillScreen } from '../screens/DrillScreen.tsx';
import { Lobby } from '../screens/Lobby.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { Link } from './Link.tsx';
import { parseRoute, usePathname } from './router.ts';

// The replay folds events with the engine: loaded only when needed.
const ReplayScreen = lazy(() => import('../screens/ReplayScreen.tsx'));
// Few facilitators import: the screen loads only when opened.
const ImportScreen = lazy(() => import('../screens/ImportScreen.tsx'));

export function App() {
  const route = parseRoute(usePathname());
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {route.name === 'lobby' && <Lobby />}
      {route.name === 'import' && (
        <Suspense fallback={<TopBar title="Import an incident" />}>
          <ImportScreen />
        </Suspense>
      )}
      {route.name === 'drill' && <DrillScreen key={route.id} id={route.id} />}
      {route.name === 'replay' && (
        <Suspense fallback={<TopBar title="Replay" />}>
          <ReplayScreen key={route.id} id={route.id} />
        </Suspense>
      )}
      {route.name === 'not-found' && (
        <>
          <TopBar title="Not found" />
          <main className="page" id="main">
            <p>
              Nothing lives at <span className="mono">{route.path}</span>.{' '}
              <Link href="/">Back to the lobby</Link>.
            </p>
          </main>
        </>
      )}
    </>
  );
}
