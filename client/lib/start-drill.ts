// Starting a drill from the lobby: create one to facilitate, or practise alone. Saves
// the seats on this device and opens the drill.
import type { ScenarioSummary } from '../../shared/protocol.ts';
import { navigate } from '../app/router.ts';
import { saveSeats } from '../store/credentials.ts';
import { api } from './api.ts';
import { saveName } from './display-name.ts';

export async function createAndOpen(s: ScenarioSummary, facilitatorName: string): Promise<void> {
  const name = facilitatorName.trim();
  const created = await api.createDrill(s.id, name || undefined);
  if (name) saveName(name);
  saveSeats({
    drillId: created.drillId,
    primary: created.facilitator,
    joinCode: created.joinCode,
    scenarioTitle: s.title,
  });
  navigate(`/drill/${created.drillId}`);
}

export async function practiseAndOpen(
  s: ScenarioSummary,
  name: string,
  role: string,
): Promise<void> {
  const res = await api.practise(s.id, name.trim(), role);
  saveName(name);
  saveSeats({
    drillId: res.drillId,
    primary: res.player,
    control: res.facilitator,
    scenarioTitle: s.title,
  });
  navigate(`/drill/${res.drillId}`);
}
