// Starting a drill from the lobby: create one to facilitate, or practise alone. Saves
// the seats on this device and opens the drill.
import type { ScenarioSummary } from '../../shared/protocol.ts';
import { navigate } from '../app/router.ts';
import { saveSeats } from '../store/credentials.ts';
import { api } from './api.ts';
import { saveName } from './display-name.ts';

/** What a drill is started from: a catalogue entry, or a finished drill played again. */
type Start = Pick<ScenarioSummary, 'id' | 'title'>;

/** `seed`: the same world as an earlier drill (the same noise, the same bots). */
export async function createAndOpen(
  s: Start,
  facilitatorName: string,
  seed?: number,
): Promise<void> {
  const name = facilitatorName.trim();
  const created = await api.createDrill(s.id, name || undefined, seed);
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
  s: Start,
  name: string,
  role: string,
  seed?: number,
): Promise<void> {
  const res = await api.practise(s.id, name.trim(), role, seed);
  saveName(name);
  saveSeats({
    drillId: res.drillId,
    primary: res.player,
    control: res.facilitator,
    scenarioTitle: s.title,
  });
  navigate(`/drill/${res.drillId}`);
}
