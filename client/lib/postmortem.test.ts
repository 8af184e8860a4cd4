import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compile,
  parseScenarioYaml,
  Playthrough,
  runPlaythrough,
  viewFor,
} from '../../shared/index.ts';
import { mdEscape, postmortemMarkdown } from './postmortem.ts';

function endedMiniDrill() {
  const parsed = parseScenarioYaml(
    readFileSync(new URL('../../test/fixtures/mini.yaml', import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error('fixture does not parse');
  const c = compile(parsed.scenario);
  const run = runPlaythrough(
    c,
    Playthrough.parse({
      name: 'pm',
      scenario: 'mini',
      steps: [
        { at: 1, as: 'ops', do: 'ack' },
        { at: 3, as: 'ops', do: 'inspect-cache' },
        { at: 4, as: 'comms', status: 'We are looking | into slowness' },
        { at: 5, as: 'ops', do: 'restart', params: { service: 'cache' } },
        { at: 6, as: 'ops', do: 'warm-cache' },
        { at: 20, end: true },
      ],
    }),
  );
  return viewFor(c, run.state, { kind: 'player', role: 'comms' });
}

describe('postmortemMarkdown', () => {
  it('writes the score, every rubric item, penalties, timings, timeline and lessons', () => {
    const view = endedMiniDrill();
    expect(view.debrief).not.toBeNull();
    const md = postmortemMarkdown(view);
    expect(md).toMatch(/^# Postmortem: Mini outage/);
    expect(md).toContain(`**${view.debrief!.score.percent}%**`);
    for (const item of view.debrief!.score.items) expect(md).toContain(mdEscape(item.label));
    expect(md).toContain('### Penalties');
    expect(md).toContain('It empties the cache again.');
    expect(md).toContain('| acknowledge |');
    expect(md).toContain('## Lessons\n\n- Warm caches before traffic.');
    expect(md).toContain('## Root cause\n\nA cache restart.');
    // Table cells stay one cell even with a pipe in the text.
    expect(md).toContain('We are looking \\| into slowness');
  });

  it('escapes table-breaking characters', () => {
    expect(mdEscape('a|b\nc\\d')).toBe('a\\|b c\\\\d');
  });
});
