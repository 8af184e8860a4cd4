// The colours of a service's health on the system map and its legend.
export const HEALTH_FILL: Record<string, string> = {
  ok: '#12352a',
  degraded: '#3a2e12',
  down: '#3d1816',
  unknown: '#262d38',
};
export const HEALTH_STROKE: Record<string, string> = {
  ok: '#3fb68b',
  degraded: '#d9a53a',
  down: '#ef5b52',
  unknown: '#7d8799',
};
