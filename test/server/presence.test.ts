// Presence: the facilitator's roster shows who is online. The server tells the facilitator's
// sockets (and only them) which participants have a socket open, as people come and go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { connect } from '../helpers/client.ts';
import { seatMiniDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await bootServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Resolves with the next presence message that satisfies `pred`. */
function nextPresence(socket: Socket, pred: (online: string[]) => boolean) {
  return new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such presence message')), 5000);
    const on = ({ online }: { online: string[] }) => {
      if (!pred(online)) return;
      clearTimeout(timer);
      socket.off('presence', on);
      resolve(online);
    };
    socket.on('presence', on);
  });
}

describe('presence', () => {
  it('tells the facilitator who is online, as people come and go', async () => {
    const drill = await seatMiniDrill(server);
    const { ops, ic } = drill.clients;
    const id = (seat: 'ops' | 'ic' | 'comms' | 'nina' | 'spectator') =>
      drill.creds[seat].participantId!;
    const playerHeard: unknown[] = [];
    ic.socket.on('presence', (m: unknown) => playerHeard.push(m));
    try {
      // A facilitator who connects now is told at once.
      const { drillId, token } = drill.creds.facilitator;
      const late = io(server.url, {
        transports: ['websocket'],
        autoConnect: false,
        auth: { drillId, token },
      });
      const told = nextPresence(late, () => true);
      late.connect();
      const first = await told;
      expect(first).toEqual([id('ic'), id('ops'), id('comms'), id('nina'), id('spectator')].sort());
      const gone = nextPresence(late, (online) => !online.includes(id('ops')));
      ops.close();
      expect(await gone).toHaveLength(4);
      const back = nextPresence(late, (online) => online.includes(id('ops')));
      const again = await connect(server.url, drill.creds.ops);
      expect(await back).toContain(id('ops'));
      again.close();
      late.disconnect();
      // Players are not told who else is online.
      expect(playerHeard).toEqual([]);
    } finally {
      drill.close();
    }
  });
});
