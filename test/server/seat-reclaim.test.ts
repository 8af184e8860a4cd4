// A player who lost their session takes their own seat back with a one-time code the
// facilitator issues: same participant, same role, no second "Omar". Nobody else can use
// the door: only the facilitator issues codes, a code works once, and a guessed or spent
// one is a typed 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Credential } from '../../shared/protocol.ts';
import { createDrill, joinDrill } from '../helpers/api.ts';
import { connect } from '../helpers/client.ts';
import { bootServer, post, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await bootServer();
});
afterAll(async () => {
  await server?.stop();
});

async function issue(drillId: string, token: string, body: unknown) {
  const res = await fetch(`${server.url}/api/drills/${drillId}/reclaim`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const reclaim = (code: unknown) =>
  post<Credential & { error?: { code: string } }>(server.url, '/api/reclaim', { code });

describe('reclaiming a seat', () => {
  it('gives the lost player their own seat and role back, once', async () => {
    const drill = await createDrill(server.url);
    const omar = await joinDrill(server.url, drill.joinCode, 'Omar');
    const ivy = await joinDrill(server.url, drill.joinCode, 'Ivy');
    const fac = await connect(server.url, drill.facilitator);
    await fac.send({ type: 'assignRole', participantId: omar.participantId!, role: 'ops' });
    await fac.send({ type: 'assignRole', participantId: ivy.participantId!, role: 'ic' });
    expect(await fac.send({ type: 'start' })).toMatchObject({ ok: true });

    const issued = await issue(drill.drillId, drill.facilitator.token, {
      participantId: omar.participantId,
    });
    expect(issued).toEqual({
      status: 201,
      body: { code: expect.stringMatching(/^[A-Z0-9]{8}$/), expiresIn: 600 },
    });
    const code = issued.body.code as string;
    // The code never reaches the event log, a view or an export.
    expect(JSON.stringify(fac.view())).not.toContain(code);

    // Omar's old session is still open somewhere (a lost laptop): it loses the seat.
    const stale = await connect(server.url, omar);
    const kicked = new Promise<{ reason: string }>((resolve) => stale.socket.on('kicked', resolve));
    const back = await reclaim(code.toLowerCase());
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      drillId: drill.drillId,
      participantId: omar.participantId,
      seat: 'player',
    });
    expect(back.body.token).not.toBe(omar.token);
    expect((await kicked).reason).toMatch(/taken back/);
    const oldToken = await fetch(`${server.url}/api/scenarios/mini?token=${omar.token}`);
    expect(oldToken.status).toBe(401);
    stale.close();
    const again = await connect(server.url, back.body);
    const view = await again.waitFor((v) => v.me?.role.id === 'ops');
    expect(view.participants.filter((p) => p.name === 'Omar')).toHaveLength(1);
    expect(view.me!.role.secret).toContain('OPS-ONLY-SECRET');

    // Spent: a second use, and a guess, find nothing.
    for (const tried of [code, 'ABCDEFGH']) {
      const res = await reclaim(tried);
      expect(res.status).toBe(404);
      expect(res.body.error!.code).toBe('NOT_FOUND');
    }
    again.close();
    fac.close();
  });

  it('only the facilitator issues codes, for people still in the drill', async () => {
    const drill = await createDrill(server.url);
    const omar = await joinDrill(server.url, drill.joinCode, 'Omar');
    const nina = await joinDrill(server.url, drill.joinCode, 'Nina');
    const forOmar = { participantId: omar.participantId };
    // Nina cannot take Omar's seat, nor can a stranger, nor a token of another drill.
    const other = await createDrill(server.url);
    expect((await issue(drill.drillId, nina.token, forOmar)).status).toBe(403);
    expect((await issue(drill.drillId, 'not-a-token', forOmar)).status).toBe(401);
    expect((await issue(drill.drillId, other.facilitator.token, forOmar)).status).toBe(401);
    // Bad input is a typed 4xx.
    const cases: [unknown, number, string][] = [
      [{ participantId: 'p_nobody' }, 404, 'UNKNOWN_PARTICIPANT'],
      [{ participantId: '__proto__' }, 404, 'UNKNOWN_PARTICIPANT'],
      [{ participantId: '' }, 400, 'INVALID_PAYLOAD'],
      [{ participantId: omar.participantId, extra: 1 }, 400, 'INVALID_PAYLOAD'],
      [null, 400, 'INVALID_PAYLOAD'],
    ];
    for (const [body, status, code] of cases) {
      const res = await issue(drill.drillId, drill.facilitator.token, body);
      expect([body, res.status, (res.body.error as { code: string }).code]).toEqual([
        body,
        status,
        code,
      ]);
    }
    for (const bad of ['', 'short', 'ABCD\u0000EFG', 42, 'ABCDEFGHI']) {
      const res = await reclaim(bad);
      expect([bad, res.status]).toEqual([bad, 400]);
    }

    // A newer code replaces an older one; a removed participant's code opens nothing.
    const first = (await issue(drill.drillId, drill.facilitator.token, forOmar)).body.code;
    const second = (await issue(drill.drillId, drill.facilitator.token, forOmar)).body.code;
    expect((await reclaim(first)).status).toBe(404);
    const fac = await connect(server.url, drill.facilitator);
    await fac.send({ type: 'removeParticipant', participantId: omar.participantId! });
    expect((await reclaim(second)).status).toBe(404);
    expect((await issue(drill.drillId, drill.facilitator.token, forOmar)).status).toBe(404);
    fac.close();
  });
});
