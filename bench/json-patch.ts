// JSON Patch on the client: the hand-written applier (client/lib/json-patch.ts) against
// fast-json-patch, the library the server's tests use, on the patches a facilitator's view
// receives during a long drill. The client needs a new document per patch that keeps the
// identity of everything the patch did not touch (React skips unchanged components by
// identity); fast-json-patch either mutates the document or deep-clones all of it first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import jsonpatch from 'fast-json-patch';
import { applyPatch } from '../client/lib/json-patch.ts';
import { diffView } from '../server/view-diff.ts';
import {
  compile,
  createState,
  parseScenarioYaml,
  step,
  viewFor,
  type DrillEvent,
} from '../shared/index.ts';
import type { BenchReport } from './report.ts';

const root = join(import.meta.dirname, '..');

function patchesOfALongDrill(count: number) {
  const parsed = parseScenarioYaml(readFileSync(join(root, 'scenarios/dns-hell.yaml'), 'utf8'));
  if (!parsed.ok) throw new Error('dns-hell.yaml is invalid');
  const c = compile(parsed.scenario);
  const created: DrillEvent = {
    type: 'created',
    at: 0,
    drillId: 'bench',
    scenarioId: c.scenario.id,
    scenarioHash: c.hash,
    seed: 1,
    solo: false,
  };
  const state = createState(c, created);
  const roles = c.scenario.roles;
  roles.forEach((role, i) => {
    step(c, state, { type: 'join', participantId: `p${i}`, name: `P${i}`, kind: 'player' }, 0);
    const command = { type: 'assignRole', participantId: `p${i}`, role: role.id } as const;
    step(c, state, { type: 'command', actor: { kind: 'facilitator' }, command }, 0);
  });
  step(
    c,
    state,
    { type: 'command', actor: { kind: 'facilitator' }, command: { type: 'start' } },
    0,
  );
  const seat = { kind: 'facilitator' } as const;
  let prev = viewFor(c, state, seat);
  const first = structuredClone(prev);
  const patches: unknown[][] = [];
  for (let k = 1; k <= count; k++) {
    const actor = { kind: 'player', participantId: `p${k % roles.length}` } as const;
    if (k % 3) {
      const command = { type: 'postMessage', text: `message ${k}` } as const;
      step(c, state, { type: 'command', actor, command }, k * 2);
    } else step(c, state, { type: 'time' }, k * 2);
    const next = viewFor(c, state, seat);
    patches.push(diffView(prev, next));
    prev = next;
  }
  return { first, last: prev, patches };
}

function gzippedBytes(source: string): number {
  const out = buildSync({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    platform: 'browser',
  });
  return gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
}

export function bench({ quick }: { quick: boolean }): BenchReport {
  const { first, last, patches } = patchesOfALongDrill(quick ? 200 : 600);
  const ops = patches.reduce((n, p) => n + p.length, 0);
  const appliers = [
    {
      name: 'client/lib/json-patch.ts (new document, untouched parts shared)',
      apply: (doc: unknown, p: unknown[]) => applyPatch(doc, p as never),
      bundle: `import { applyPatch } from './client/lib/json-patch.ts'; console.log(applyPatch);`,
    },
    {
      name: 'fast-json-patch applyPatch (new document: deep copy first)',
      apply: (doc: unknown, p: unknown[]) =>
        jsonpatch.applyPatch(doc, p as never, false, false).newDocument,
      bundle: `import { applyPatch } from 'fast-json-patch'; console.log(applyPatch);`,
    },
  ];
  const rows = appliers.map((a) => {
    let best = Infinity;
    let same = false;
    for (let round = 0; round < 3; round++) {
      let doc: unknown = structuredClone(first);
      const started = performance.now();
      for (const p of patches) doc = a.apply(doc, p);
      best = Math.min(best, performance.now() - started);
      same = JSON.stringify(doc) === JSON.stringify(last);
    }
    return {
      name: a.name,
      perPatch: (best / patches.length) * 1000,
      same,
      gzip: gzippedBytes(a.bundle),
    };
  });
  const notMet = rows.filter((r) => !r.same).map((r) => `${r.name}: wrong result`);
  return {
    title: `JSON Patch on the client: ${patches.length} patches (${ops} ops) of a facilitator's view, ${(JSON.stringify(last).length / 1024).toFixed(0)} KB at the end`,
    tables: [
      {
        title: 'Applying every patch in turn, keeping each version (best of 3)',
        columns: ['applier', 'µs per patch', 'result right', 'min+gzip bytes'],
        rows: rows.map((r) => [
          r.name,
          r.perPatch.toFixed(0),
          r.same ? 'yes' : 'NO',
          String(r.gzip),
        ]),
      },
    ],
    notes: [
      `ratio fast-json-patch / hand-written: ${(rows[1]!.perPatch / rows[0]!.perPatch).toFixed(1)}x the time per patch`,
    ],
    ok: notMet.length === 0,
    notMet,
  };
}
