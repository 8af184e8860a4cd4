// The import screen's endpoints against a real server: anyone may preview a draft from an
// incident record, with its review; only a holder of the authoring key may save one, only as
// a new file inside the catalogue directory; bad input is a typed 4xx that changes nothing.
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DrillError,
  ImportedDraft,
  ImportPreview,
  ImportSettings,
  ScenarioSummary,
} from '../../shared/protocol.ts';
import { loadConfig } from '../../server/config.ts';
import { readFixture } from '../fixtures/load.ts';
import { createDrill } from '../helpers/api.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

const KEY = 'correct-horse-battery-staple';
const postmortem = {
  fileName: 'checkout-outage.md',
  text: readFixture('import/checkout-outage.md'),
};

/** An answer: an error, or a preview's drafts (each test reads the one it expects). */
interface Reply {
  error: DrillError;
  drafts: ImportedDraft[];
}

async function call(
  server: TestServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Reply }> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Reply };
}

async function scenariosDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'firedrill-catalogue-'));
  await copyFile('test/fixtures/mini.yaml', join(dir, 'mini.yaml'));
  return dir;
}

describe('importing with authoring on', () => {
  let server: TestServer;
  let dir: string;
  const save = (body: unknown, key = KEY) =>
    call(server, '/api/import/save', body, { authorization: `Bearer ${key}` });
  beforeAll(async () => {
    dir = await scenariosDir();
    server = await bootServer({
      SCENARIOS_DIR: dir,
      AUTHORING_TOKEN: KEY,
      IMPORT_MAX_BYTES: '4096',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('says saving is on, and how large a file may be', async () => {
    const settings = (await (await fetch(`${server.url}/api/import`)).json()) as ImportSettings;
    expect(settings).toEqual({ saving: true, maxBytes: 4096 });
  });

  it('previews a postmortem as a draft with its lint and its real playthrough, storing nothing', async () => {
    const res = await call(server, '/api/import/preview', postmortem);
    expect(res.status).toBe(200);
    const preview = res.body as unknown as ImportPreview;
    expect(preview.format).toBe('markdown');
    const [draft] = preview.drafts;
    expect(draft).toMatchObject({
      id: 'checkout-errors-after-the-friday',
      title: 'Checkout errors after the Friday deploy',
      playthroughFile: 'checkout-errors-after-the-friday.real.yaml',
      exists: false,
      review: { issues: [], play: { name: 'real', ended: true, phase: 'resolved', unmet: [] } },
    });
    expect(draft!.review.lint.length).toBeGreaterThan(0);
    for (const f of draft!.review.lint) {
      expect(f).toMatchObject({ level: 'warning', line: expect.any(Number) });
      expect(f.message).toMatch(/^to enrich: TODO/);
    }
    expect(await readdir(dir)).toEqual(['mini.yaml']);
  });

  it('answers a malformed record with the line to fix', async () => {
    const res = await call(server, '/api/import/preview', {
      fileName: 'p.md',
      text: '# Outage\n\n## Timeline\n\n- 14:02 ann: paged\n- 14:99 bob: looked\n',
    });
    expect(res).toEqual({
      status: 422,
      body: {
        error: { code: 'INVALID_RECORD', message: 'Line 6: "14:99" is not a time of day', line: 6 },
      },
    });
  });

  it.each([
    ['no text', { fileName: 'a.md' }],
    ['an empty file', { fileName: 'a.md', text: '' }],
    ['a number for text', { fileName: 'a.md', text: 42 }],
    ['a NUL byte in the file name', { fileName: 'a\u0000.md', text: 'x' }],
    ['an unknown field', { ...postmortem, path: '/etc/passwd' }],
    ['a list', [postmortem]],
  ])('refuses %s with INVALID_PAYLOAD', async (_, body) => {
    const res = await call(server, '/api/import/preview', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_PAYLOAD');
  });

  it('refuses a file over IMPORT_MAX_BYTES', async () => {
    const res = await call(server, '/api/import/preview', {
      fileName: 'a.md',
      text: 'x'.repeat(5000),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses to save without the key, or with a wrong one, and writes nothing', async () => {
    const body = { ...postmortem, id: 'checkout-errors-after-the-friday' };
    const none = await call(server, '/api/import/save', body);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    const wrong = await save(body, 'not-the-key-at-all-no');
    expect(wrong.status).toBe(401);
    expect(await readdir(dir)).toEqual(['mini.yaml']);
  });

  it('refuses an id that could name a path', async () => {
    for (const id of ['../evil', 'a/b', '..', '.hidden', 'MINI', 'x'.repeat(81)]) {
      const res = await save({ ...postmortem, id });
      expect(res.status, id).toBe(400);
      expect(res.body.error.code).toBe('INVALID_PAYLOAD');
    }
    const missing = await save({ ...postmortem, id: 'not-in-this-file' });
    expect(missing.status).toBe(404);
    expect(await readdir(dir)).toEqual(['mini.yaml']);
  });

  it('saves a draft into the catalogue, where a drill can be created from it at once', async () => {
    const res = await save({ ...postmortem, id: 'checkout-errors-after-the-friday' });
    expect(res).toEqual({
      status: 201,
      body: {
        id: 'checkout-errors-after-the-friday',
        playthroughFile: 'checkout-errors-after-the-friday.real.yaml',
      },
    });
    expect((await readdir(dir)).sort()).toEqual([
      'checkout-errors-after-the-friday.yaml',
      'mini.yaml',
      'playthroughs',
    ]);
    expect(await readdir(join(dir, 'playthroughs'))).toEqual([
      'checkout-errors-after-the-friday.real.yaml',
    ]);
    const list = (await (await fetch(`${server.url}/api/scenarios`)).json()) as ScenarioSummary[];
    expect(list.map((s) => s.id)).toContain('checkout-errors-after-the-friday');
    // The catalogue shows what a player may know: not the briefs the draft gave each role.
    expect(JSON.stringify(list)).not.toContain('You are Alice');
    const drill = await createDrill(server.url, { scenarioId: 'checkout-errors-after-the-friday' });
    expect(drill.joinCode).toBeTruthy();
  });

  it('never overwrites: a saved draft or a bundled scenario is kept as it is', async () => {
    const again = await save({ ...postmortem, id: 'checkout-errors-after-the-friday' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SCENARIO_EXISTS');

    const before = await readFile(join(dir, 'mini.yaml'), 'utf8');
    const wheel = {
      fileName: 'w.json',
      text: JSON.stringify([{ title: 'Mini', description: 'A rewrite' }]),
    };
    const preview = await call(server, '/api/import/preview', wheel);
    expect(preview.body.drafts[0]).toMatchObject({ id: 'mini', exists: true });
    const clash = await save({ ...wheel, id: 'mini' });
    expect(clash.status).toBe(409);
    expect(await readFile(join(dir, 'mini.yaml'), 'utf8')).toBe(before);
  });
});

describe('importing with authoring off (no AUTHORING_TOKEN)', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await scenariosDir();
    server = await bootServer({ SCENARIOS_DIR: dir });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('still previews, but refuses to save, whatever key is sent', async () => {
    const settings = (await (await fetch(`${server.url}/api/import`)).json()) as ImportSettings;
    expect(settings.saving).toBe(false);
    expect((await call(server, '/api/import/preview', postmortem)).status).toBe(200);
    const res = await call(
      server,
      '/api/import/save',
      { ...postmortem, id: 'checkout-errors-after-the-friday' },
      { authorization: 'Bearer anything-at-all-here' },
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/AUTHORING_TOKEN/),
    });
    expect(await readdir(dir)).toEqual(['mini.yaml']);
  });
});

describe('the authoring key in the configuration', () => {
  it('is off by default, and a short or spaced key stops the server with its name, not its value', () => {
    expect(loadConfig({}).AUTHORING_TOKEN).toBeUndefined();
    expect(loadConfig({}).IMPORT_MAX_BYTES).toBe(262_144);
    expect(() => loadConfig({ AUTHORING_TOKEN: 'short' })).toThrow(
      /AUTHORING_TOKEN=\(hidden\): use at least 16/,
    );
    expect(() => loadConfig({ AUTHORING_TOKEN: 'has a space in the middle' })).toThrow(
      /AUTHORING_TOKEN=.*printable characters without spaces/,
    );
  });
});
