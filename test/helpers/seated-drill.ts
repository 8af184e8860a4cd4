// A mini drill with every kind of seat filled, over the real HTTP API and real sockets:
// the facilitator, one player per role (ic, ops, comms), a player without a role (Nina),
// a spectator, and a player the facilitator removed (Rex).
import type { Drill } from '../../server/ports.ts';
import type { Credential } from '../../shared/protocol.ts';
import { createDrill, joinDrill } from './api.ts';
import { connect, type TestClient } from './client.ts';
import type { TestServer } from './server.ts';

export const CONNECTED_SEATS = ['facilitator', 'ic', 'ops', 'comms', 'nina', 'spectator'] as const;
export type ConnectedSeat = (typeof CONNECTED_SEATS)[number];
export type SeatName = ConnectedSeat | 'removed';

export interface SeatedDrill {
  drillId: string;
  joinCode: string;
  creds: Record<SeatName, Credential>;
  clients: Record<ConnectedSeat, TestClient>;
  host(): Promise<Drill>;
  /** Resolves once every connected client has seen the host's latest sequence number. */
  settled(): Promise<void>;
  close(): void;
}

export interface SeatOptions {
  /** Where the drill is when the helper returns. */
  state?: 'lobby' | 'running' | 'paused';
  speed?: number;
}

/** `at` may be a function, for tests that restart the server under a drill. */
export async function seatMiniDrill(
  at: TestServer | (() => TestServer),
  opts: SeatOptions = {},
): Promise<SeatedDrill> {
  const current = typeof at === 'function' ? at : () => at;
  const server = current();
  const created = await createDrill(server.url);
  const { drillId, joinCode } = created;
  const [ic, ops, comms, nina, spectator, removed] = await Promise.all([
    joinDrill(server.url, joinCode, 'Ines'),
    joinDrill(server.url, joinCode, 'Omar'),
    joinDrill(server.url, joinCode, 'Cleo'),
    joinDrill(server.url, joinCode, 'Nina'),
    joinDrill(server.url, joinCode, 'Sam', true),
    joinDrill(server.url, joinCode, 'Rex'),
  ]);
  const creds: Record<SeatName, Credential> = {
    facilitator: created.facilitator,
    ic: ic,
    ops: ops,
    comms: comms,
    nina: nina,
    spectator: spectator,
    removed: removed,
  };
  const opened = await Promise.all(CONNECTED_SEATS.map((seat) => connect(server.url, creds[seat])));
  const clients = Object.fromEntries(
    CONNECTED_SEATS.map((seat, i) => [seat, opened[i]!]),
  ) as Record<ConnectedSeat, TestClient>;
  const host = async () => (await current().registry.get(drillId))!;
  const must = async (command: Parameters<TestClient['send']>[0]) => {
    const ack = await clients.facilitator.send(command);
    if (!ack.ok) throw new Error(`${command.type} refused: ${ack.error.code}`);
  };
  for (const role of ['ic', 'ops', 'comms'] as const) {
    await must({ type: 'assignRole', participantId: creds[role].participantId!, role });
  }
  await must({ type: 'removeParticipant', participantId: removed.participantId! });
  const state = opts.state ?? 'lobby';
  if (state !== 'lobby') {
    if (opts.speed) await must({ type: 'setSpeed', speed: opts.speed });
    await must({ type: 'start' });
  }
  if (state === 'paused') await must({ type: 'pause' });
  const settled = async () => {
    const target = (await host()).seq;
    await Promise.all(opened.map((c) => c.waitFor(() => c.seq() >= target)));
  };
  await settled();
  return {
    drillId,
    joinCode,
    creds,
    clients,
    host,
    settled,
    close: () => opened.forEach((c) => c.close()),
  };
}
