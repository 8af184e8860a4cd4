// `firedrill schema`: the scenario language as JSON Schema, generated from the zod schema
// (never written by hand), so YAML editors can complete and check scenario files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { Effect, Guard, Scenario, TimingMarker } from '../shared/index.ts';
import { EXIT, type CliCommand } from './command.ts';
import { readText } from './load.ts';

export const schemaCommand: CliCommand = {
  name: 'schema',
  usage: 'schema [--out FILE] [--check]',
  summary: 'Export the scenario language as a JSON Schema (draft-07).',
  description: [
    'Editors use it to complete and check scenario files: start a scenario with',
    '"# yaml-language-server: $schema=./scenario.schema.json" or map scenarios/*.yaml to it',
    'in the editor settings. The committed copy is scenarios/scenario.schema.json.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: 'FILE',
      help: 'Write the schema to FILE instead of printing it',
    },
    check: { type: 'boolean', help: 'With --out: exit with 1 if FILE is not up to date' },
  },
  run({ values }, io) {
    const text = scenarioSchemaText();
    const out = values.out;
    if (typeof out !== 'string') {
      io.out(text.trimEnd());
      return EXIT.ok;
    }
    if (values.check === true) {
      const current = readText(out);
      if (current.ok && current.value === text) {
        io.out(`${out} is up to date`);
        return EXIT.ok;
      }
      io.out(current.ok ? `${out} is out of date: run "npm run schema"` : current.problems[0]!);
      return EXIT.failed;
    }
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (error) {
      io.err(
        `firedrill schema: cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
      return EXIT.failed;
    }
    io.out(`wrote ${out}`);
    return EXIT.ok;
  },
};

/**
 * The JSON Schema of what a scenario author writes (zod's input side: fields with defaults
 * are optional). Draft-07 because that is what YAML editors fully support today. The
 * recursive guard and the often-repeated effect become named definitions.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const named: [z.ZodType, { id: string; description?: string }][] = [
    [
      Guard,
      {
        id: 'Guard',
        description: 'A condition on the drill: phase, actions done, variables, time, ...',
      },
    ],
    [Effect, { id: 'Effect', description: 'Something that happens to the drill' }],
    [
      TimingMarker,
      { id: 'TimingMarker', description: 'A moment of the drill: an action, a phase, ...' },
    ],
  ];
  // Ids live in zod's global registry only while exporting, so they name definitions
  // here and nowhere else.
  for (const [schema, meta] of named) z.globalRegistry.add(schema, meta);
  try {
    const { $schema, ...rest } = z.toJSONSchema(Scenario, { io: 'input', target: 'draft-07' });
    return {
      $schema,
      title: 'Firedrill scenario',
      description:
        'An incident-response drill: roles, systems, phases, actions, injects, scoring and debrief.',
      ...rest,
    };
  } finally {
    for (const [schema] of named) z.globalRegistry.remove(schema);
  }
}

/** The schema file's exact text. */
export const scenarioSchemaText = (): string =>
  `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
