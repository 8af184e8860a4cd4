// The app shell: picks the screen for the path (the top bar hosts the notices).
import { lazy, Suspense } from 'react';
import { DrillScreen } from '../screens/DrillScreen.tsx';
import { JoinPage } from '../screens/JoinPage.tsx';
import { Lobby } from '../screens/Lobby.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { Link } from './Link.tsx';
import { parseRoute, usePathname } from './router.ts';

// A seat code's page is rarely opened: loaded only then.
const ReclaimPage = lazy(() =>
  import('../screens/ReclaimPage.tsx').then((m) => ({ default: m.ReclaimPage })),
);
// The room screen is for one projector: loaded only when opened.
const RoomScreen = lazy(() =>
  import('../screens/RoomScreen.tsx').then((m) => ({ default: m.RoomScreen })),
);
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
      {route.name === 'join' && <JoinPage key={route.code} code={route.code} />}
      {route.name === 'reclaim' && (
        <Suspense fallback={null}>
          <ReclaimPage key={route.code} code={route.code} />
        </Suspense>
      )}
      {route.name === 'room' && (
        <Suspense fallback={null}>
          <RoomScreen key={route.id} drillId={route.id} />
        </Suspense>
      )}
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
