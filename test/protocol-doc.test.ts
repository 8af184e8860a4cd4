// docs/protocol.md must name every command, message and error code the schemas define.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Command, ErrorCode } from '../shared/index.ts';

const doc = readFileSync('docs/protocol.md', 'utf8');

describe('the protocol document', () => {
  it('documents every command type', () => {
    const types = Command.options.map((o) => o.shape.type.value);
    for (const t of types) expect(doc, `command ${t}`).toContain(`\`${t}\``);
  });
  it('documents every error code', () => {
    for (const code of ErrorCode.options) expect(doc, `error ${code}`).toContain(`\`${code}\``);
  });
  it('documents every socket event', () => {
    for (const name of ['view', 'patch', 'kicked', 'replaced', 'command', 'sync'])
      expect(doc).toContain(`| \`${name}\` |`);
  });
});
