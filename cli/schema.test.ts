import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { scenarioJsonSchema, scenarioSchemaText } from './schema.ts';
import { cli, fixture, tempFiles } from './test-helpers.ts';

const COMMITTED = new URL('../scenarios/scenario.schema.json', import.meta.url);

describe('firedrill schema', () => {
  it('matches the committed scenarios/scenario.schema.json (run "npm run schema" to refresh it)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(scenarioSchemaText());
  });

  it('describes what an author writes: fields with defaults are optional', () => {
    const schema = scenarioJsonSchema() as {
      $schema: string;
      required: string[];
      properties: Record<string, unknown>;
      definitions: Record<string, unknown>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual([
      'id',
      'title',
      'summary',
      'difficulty',
      'duration',
      'source',
      'roles',
      'phases',
      'debrief',
    ]);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['$schema', 'phases', 'actions', 'scoring']),
    );
    expect(Object.keys(schema.definitions).sort()).toEqual(['Effect', 'Guard', 'TimingMarker']);
  });

  it('names the recursive guard, so the schema has no anonymous cycles', () => {
    const text = scenarioSchemaText();
    expect(text).toContain('"$ref": "#/definitions/Guard"');
    expect(text).not.toMatch(/__schema\d/);
  });

  it("leaves zod's global registry as it found it", () => {
    scenarioJsonSchema();
    expect(scenarioSchemaText()).toBe(scenarioSchemaText());
  });

  it('covers every top-level field of the mini scenario', () => {
    const mini = parseYaml(readFileSync(fixture('mini.yaml'), 'utf8')) as Record<string, unknown>;
    const { properties } = scenarioJsonSchema() as { properties: Record<string, unknown> };
    for (const key of Object.keys(mini)) expect(properties).toHaveProperty([key]);
  });

  it('prints the schema, or writes it with --out', async () => {
    const printed = await cli('schema');
    expect(printed.exitCode).toBe(0);
    expect(`${printed.stdout}`).toBe(scenarioSchemaText());

    const out = join(tempFiles({}), 'nested', 'scenario.schema.json');
    expect(await cli('schema', '--out', out)).toEqual({
      exitCode: 0,
      stdout: `wrote ${out}\n`,
      stderr: '',
    });
    expect(readFileSync(out, 'utf8')).toBe(scenarioSchemaText());
    expect(await cli('schema', '--out', out, '--check')).toMatchObject({ exitCode: 0 });
  });

  it('says when a copy is out of date', async () => {
    const dir = tempFiles({ 'old.json': '{}\n' });
    const result = await cli('schema', '--out', join(dir, 'old.json'), '--check');
    expect(result).toMatchObject({ exitCode: 1, stdout: expect.stringContaining('out of date') });
  });
});
