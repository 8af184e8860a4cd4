// The system map: services and their dependencies as a graph coloured by health. The
// drawing and its layout library load on demand.
import { lazy, memo, Suspense } from 'react';
import { HEALTH_STROKE as STROKE } from '../lib/health-colours.ts';
import type { ViewService } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

const SystemMapGraph = lazy(() => import('./SystemMapGraph.tsx'));

export const SystemMap = memo(function SystemMap({ services }: { services: ViewService[] }) {
  const unhealthy = services.filter((s) => s.health !== 'ok');
  const label =
    unhealthy.length === 0
      ? `${services.length} services, all healthy`
      : `${services.length} services; ${unhealthy.map((s) => `${s.name} ${s.health}`).join(', ')}`;
  return (
    <Panel
      title="System map"
      count={unhealthy.length ? `${unhealthy.length} unhealthy` : undefined}
      className="map"
      bodyClass="flush"
    >
      {services.length === 0 ? (
        <div style={{ padding: 12 }}>
          <Empty>No services visible to you.</Empty>
        </div>
      ) : (
        <>
          <Suspense fallback={<div className="plot-loading" role="img" aria-label={label} />}>
            <SystemMapGraph services={services} label={label} />
          </Suspense>
          <div className="legend" aria-hidden="true">
            {(['ok', 'degraded', 'down', 'unknown'] as const).map((hl) => (
              <span key={hl} className="row">
                <span className="dot" style={{ background: STROKE[hl] }} />
                {hl}
              </span>
            ))}
            <span className="spacer" />
            <span>arrows point to dependencies</span>
          </div>
        </>
      )}
    </Panel>
  );
});
