// The HTTP API as a test uses it: create, join, practise, export. Each call asserts the
// status it expects, so a test reads as the story and fails where the story breaks.
import type { DrillEvent } from '../../shared/index.ts';
import type { CreatedDrill, Credential } from '../../shared/protocol.ts';
import { post } from './server.ts';

export async function createDrill(
  url: string,
  body: object = { scenarioId: 'mini', facilitatorName: 'Fay' },
): Promise<CreatedDrill> {
  const res = await post<CreatedDrill>(url, '/api/drills', body);
  if (res.status !== 201)
    throw new Error(`creating a drill gave ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function joinDrill(
  url: string,
  code: string,
  name: string,
  spectator = false,
): Promise<Credential> {
  const res = await post<Credential>(url, '/api/join', { code, name, spectator });
  if (res.status !== 200)
    throw new Error(`joining gave ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface Practice {
  drillId: string;
  player: Credential;
  facilitator: Credential;
}

export async function practise(url: string, role: string, name = 'Solo'): Promise<Practice> {
  const res = await post<Practice>(url, '/api/practise', { scenarioId: 'mini', name, role });
  if (res.status !== 201)
    throw new Error(`practising gave ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The drill's stored event log, as the facilitator exports it. */
export async function exportedEvents(
  url: string,
  drillId: string,
  token: string,
): Promise<DrillEvent[]> {
  const res = await fetch(`${url}/api/drills/${drillId}/export.json`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export gave ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { events: DrillEvent[] }).events;
}
