// The web app's own armour, over real HTTP: security headers on pages and API answers,
// HEAD answered like GET without a body, and malformed paths refused with a typed 400.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrill } from '../helpers/api.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

const PAGE = '<!doctype html><html><head><title>Firedrill</title></head><body></body></html>';
let server: TestServer;
let clientDir: string;
beforeAll(async () => {
  // A stand-in for the built client, so the pages are real HTML whether or not it was built.
  clientDir = await mkdtemp(join(tmpdir(), 'firedrill-client-'));
  await writeFile(join(clientDir, 'index.html'), PAGE);
  server = await bootServer({ CLIENT_DIR: clientDir });
});
afterAll(async () => {
  await server?.stop();
  await rm(clientDir, { recursive: true, force: true });
});

/** A raw request: fetch would refuse some of what a hostile client sends. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );

describe('security headers', () => {
  it('come with the pages, the API (answers and errors) and the health endpoints', async () => {
    const created = await createDrill(server.url);
    const paths = [
      '/',
      `/drill/${created.drillId}`,
      '/api/scenarios',
      '/api/scenarios/mini',
      '/api/scenarios/nope',
      `/api/drills/${created.drillId}/events`,
      '/api/nothing-here',
      '/healthz',
    ];
    for (const path of paths) {
      const res = await raw('GET', path);
      expect(res.status, path).toBeLessThan(500);
      const h = res.headers;
      expect(h['x-content-type-options'], path).toBe('nosniff');
      expect(h['x-frame-options'], path).toBe('DENY');
      expect(h['referrer-policy'], path).toBe('no-referrer');
      const csp = directives(String(h['content-security-policy'] ?? ''));
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      expect(csp.get('connect-src'), path).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('base-uri'), path).toEqual(["'none'"]);
      // The favicon is a data: URL; nothing else is allowed from elsewhere.
      expect(csp.get('img-src'), path).toEqual(["'self'", 'data:']);
    }
    const page = await raw('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(PAGE);
  });

  it('fit the web client: its page has no inline script or style for the policy to block', async () => {
    const html = await readFile('client/index.html', 'utf8');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});

describe('HEAD', () => {
  it('answers like GET, without a body', async () => {
    const created = await createDrill(server.url);
    const auth = { authorization: `Bearer ${created.facilitator.token}` };
    for (const [path, headers] of [
      ['/api/scenarios', {}],
      ['/api/scenarios/mini', {}],
      [`/api/drills/${created.drillId}/events`, auth],
      ['/api/scenarios/nope', {}],
    ] as const) {
      const get = await raw('GET', path, headers);
      const head = await raw('HEAD', path, headers);
      expect(head.status, path).toBe(get.status);
      expect(head.headers['content-type'], path).toBe(get.headers['content-type']);
      expect(head.headers['content-length'], path).toBe(String(Buffer.byteLength(get.body)));
      expect(head.headers['content-security-policy'], path).toBeDefined();
      expect(head.body, path).toBe('');
    }
    expect((await raw('HEAD', '/api/scenarios')).status).toBe(200);
  });
});

describe('malformed paths', () => {
  it('get a typed 400, never a 500', async () => {
    for (const path of [
      '/api/drills/%E0%A4%A/events',
      '/api/drills/%E0%A4%A/export.json',
      '/api/scenarios/%E0%A4%A',
      '/api/scenarios/%',
    ]) {
      const res = await raw('GET', path);
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body), path).toEqual({
        error: { code: 'INVALID_PAYLOAD', message: expect.any(String) },
      });
    }
    // The pages do not fail on them either.
    expect((await raw('GET', '/drill/%E0%A4%A')).status).toBeLessThan(500);
  });
});
