// The import screen's endpoints: an uploaded incident record becomes scenario drafts with
// their review (anyone may look: nothing is stored), and a facilitator holding the authoring
// key saves one to the catalogue directory, where it is playable at once. Saving writes only
// new files named after the draft's id inside that directory: no path from the request, no
// overwriting a bundled or earlier scenario.
import { timingSafeEqual, createHash } from 'node:crypto';
import { mkdir, writeFile, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { compile, parseScenarioYaml } from '../shared/index.ts';
import {
  ImportPreviewBody,
  ImportSaveBody,
  type ImportedDraft,
  type ImportPreview,
  type ImportSettings,
} from '../shared/protocol.ts';
import type { Catalogue } from './catalogue.ts';
import type { JobResult } from './import-job.ts';
import type { ImportRunner } from './import-runner.ts';
import { HttpError, parse, readJson, send } from './http.ts';
import { consumeOrRefuse } from './limits.ts';

export type ImportRoutes = (
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  clientIp: string,
) => Promise<boolean>;

export interface AuthoringOptions {
  catalogue: Catalogue;
  /** Where the conversion runs: a worker thread, off the sockets' event loop. */
  runner: ImportRunner;
  scenariosDir: string;
  /** Saving is allowed only with this key (AUTHORING_TOKEN); undefined: saving is off. */
  token: string | undefined;
  maxBytes: number;
  perMinute: number;
  logger: Logger;
}

export function authoringRoutes(opts: AuthoringOptions): ImportRoutes {
  const limiter = new RateLimiterMemory({ points: opts.perMinute, duration: 60 });
  const dir = resolve(opts.scenariosDir);
  const keyHash = opts.token ? digest(opts.token) : undefined;

  /** Reads the body, runs the import, and answers a malformed record with its line. */
  async function draftsOf(req: IncomingMessage, clientIp: string, save: boolean) {
    await consumeOrRefuse(limiter, clientIp, 'Too many imports; wait a minute.');
    // The JSON envelope around a file of maxBytes: quoting can double it at worst.
    const raw = await readJson(req, opts.maxBytes * 2 + 1024);
    const body = save ? parse(ImportSaveBody, raw) : parse(ImportPreviewBody, raw);
    if (Buffer.byteLength(body.text) > opts.maxBytes)
      throw new HttpError(413, {
        code: 'PAYLOAD_TOO_LARGE',
        message: `The file is larger than ${opts.maxBytes} bytes.`,
      });
    const result = await opts.runner.run(body.fileName, body.text);
    if (!result.ok)
      throw new HttpError(422, {
        code: 'INVALID_RECORD',
        message:
          result.problem.line !== undefined
            ? `Line ${result.problem.line}: ${result.problem.message}`
            : result.problem.message,
        ...(result.problem.line !== undefined ? { line: result.problem.line } : {}),
      });
    return { body, result };
  }

  type Drafted = Extract<JobResult, { ok: true }>['drafts'][number];
  const shown = (d: Drafted): ImportedDraft => ({
    ...d,
    exists: opts.catalogue.get(d.id) !== undefined,
  });

  function authorise(req: IncomingMessage) {
    if (!keyHash)
      throw new HttpError(403, {
        code: 'FORBIDDEN',
        message:
          'Saving drafts is off on this server: start it with AUTHORING_TOKEN set to allow it.',
      });
    const auth = req.headers.authorization ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given || !timingSafeEqual(digest(given), keyHash))
      throw new HttpError(401, {
        code: 'UNAUTHENTICATED',
        message: 'Saving needs the authoring key this server was started with.',
      });
  }

  async function save(draft: Drafted): Promise<void> {
    if (opts.catalogue.get(draft.id)) throw exists(draft.id);
    const parsed = parseScenarioYaml(draft.yaml);
    if (!parsed.ok)
      throw new HttpError(422, {
        code: 'INVALID_RECORD',
        message: `The draft does not validate: ${parsed.issues[0]?.message ?? ''}`,
      });
    const scenarioFile = inside(dir, `${draft.id}.yaml`);
    const playFile = inside(join(dir, 'playthroughs'), draft.playthroughFile);
    await mkdir(join(dir, 'playthroughs'), { recursive: true });
    // "wx": create only. A file the catalogue left out (it did not parse) is kept too.
    try {
      await writeFile(scenarioFile, draft.yaml, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(draft.id);
      throw error;
    }
    try {
      await writeFile(playFile, draft.playthroughYaml, { flag: 'wx' });
    } catch (error) {
      await unlink(scenarioFile);
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(draft.id);
      throw error;
    }
    opts.catalogue.add(compile(parsed.scenario));
    opts.logger.info({ scenarioId: draft.id, file: scenarioFile }, 'imported scenario saved');
  }

  return async (req, res, method, path, clientIp) => {
    if (method === 'GET' && path === '/api/import') {
      const settings: ImportSettings = { saving: keyHash !== undefined, maxBytes: opts.maxBytes };
      return (send(res, 200, settings), true);
    }
    if (method === 'POST' && path === '/api/import/preview') {
      const { result } = await draftsOf(req, clientIp, false);
      const preview: ImportPreview = { format: result.format, drafts: result.drafts.map(shown) };
      return (send(res, 200, preview), true);
    }
    if (method === 'POST' && path === '/api/import/save') {
      // The key is checked before the body is read: no work for whoever lacks it.
      authorise(req);
      const { body, result } = await draftsOf(req, clientIp, true);
      const id = (body as ImportSaveBody).id;
      const draft = result.drafts.find((d) => d.id === id);
      if (!draft)
        throw new HttpError(404, {
          code: 'NOT_FOUND',
          message: `The file gives no draft "${id}" (it gives ${result.drafts.map((d) => d.id).join(', ')}).`,
        });
      await save(draft);
      return (send(res, 201, { id, playthroughFile: draft.playthroughFile }), true);
    }
    return false;
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

function exists(id: string) {
  return new HttpError(409, {
    code: 'SCENARIO_EXISTS',
    message: `A scenario "${id}" is already in the catalogue; it is kept as it is.`,
  });
}

/** The file's path, refused unless it is directly inside the directory. */
function inside(dir: string, name: string): string {
  const path = resolve(dir, name);
  if (!path.startsWith(dir + sep) || path.slice(dir.length + 1).includes(sep))
    throw new HttpError(400, {
      code: 'INVALID_PAYLOAD',
      message: 'That file name is not allowed.',
    });
  return path;
}
