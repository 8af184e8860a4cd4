import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importRunner, type ImportRunner } from './import-runner.ts';

let runner: ImportRunner | undefined;
afterEach(async () => {
  await runner?.close();
});

const postmortem = readFileSync('test/fixtures/import/checkout-outage.md', 'utf8');

describe('the import runner', () => {
  it('imports and reviews in its worker thread', async () => {
    runner = importRunner({ timeoutMs: 20_000 });
    const result = await runner.run('checkout-outage.md', postmortem);
    expect(result).toMatchObject({
      ok: true,
      format: 'markdown',
      drafts: [{ id: 'checkout-errors-after-the-friday', review: { issues: [] } }],
    });
  });

  it('answers a job over its time limit as a problem, and runs the next job in a new worker', async () => {
    runner = importRunner({ timeoutMs: 20_000 });
    await runner.run('warm.md', postmortem); // the worker is up: the limit counts the job only
    const rows = Array.from(
      { length: 1000 },
      (_, i) =>
        `10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},Dana,action,Step ${i}`,
    );
    const long = `timestamp,actor,kind,text\n${rows.join('\n')}\n`;
    expect(await runner.run('t.csv', long, 1)).toEqual({
      ok: false,
      problem: { message: 'the file took longer than 0.001 s to import; import a shorter record' },
    });
    expect((await runner.run('checkout-outage.md', postmortem)).ok).toBe(true);
  });
});
