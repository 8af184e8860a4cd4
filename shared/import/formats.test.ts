// Every import format round-trips a sample file into a draft that validates, lints with
// only "to enrich" warnings and plays: its own playthrough reaches the end of the drill.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures/load.ts';
import {
  compile,
  lintScenario,
  parseScenarioYaml,
  Playthrough,
  runPlaythrough,
  TO_ENRICH,
} from '../index.ts';
import { importIncident, type Draft } from './index.ts';

function imported(name: string): Draft[] {
  const result = importIncident(name, readFixture(`import/${name}`));
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problem)}`);
  return result.drafts;
}

function play(draft: Draft) {
  const parsed = parseScenarioYaml(draft.yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const lint = lintScenario(parsed.scenario);
  const result = runPlaythrough(
    compile(parsed.scenario),
    Playthrough.parse(parse(draft.playthroughYaml)),
  );
  return { scenario: parsed.scenario, lint, result };
}

describe.each([
  ['checkout-outage.md', 'markdown'],
  ['dns-timeline.csv', 'csv'],
  ['queue-timeline.json', 'json-timeline'],
  ['wheel.json', 'wheel'],
  ['queue-backlog.ink.json', 'ink'],
])('%s', (name, format) => {
  it(`is read as ${format}`, () => {
    expect(importIncident(name, readFixture(`import/${name}`))).toMatchObject({ ok: true, format });
  });

  it('drafts scenarios that validate, lint with only "to enrich" warnings, and play', () => {
    for (const draft of imported(name)) {
      const { lint, result } = play(draft);
      expect(lint.length).toBeGreaterThan(0);
      for (const finding of lint) {
        expect(finding.level).toBe('warning');
        expect(finding.message.startsWith(TO_ENRICH)).toBe(true);
      }
      expect(result.failures).toEqual([]);
      expect(result.unmet).toEqual([]);
      expect(result.state.status).toBe('ended');
    }
  });
});

describe('a Markdown postmortem', () => {
  const [draft] = imported('checkout-outage.md');
  const { scenario, result } = play(draft!);

  it('takes its roles from the people on the team', () => {
    expect(scenario.roles.map((r) => r.name)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(scenario.clock).toMatchObject({ startsAt: '14:02', date: '2026-03-13' });
  });

  it('puts a phase between each pair of markers, ending with the resolution', () => {
    expect(scenario.phases.map((p) => p.id)).toEqual([
      'detected',
      'escalated',
      'mitigated',
      'resolved',
    ]);
    expect(scenario.phases.at(-1)!.terminal).toBe(true);
  });

  it("turns what the world did into timed injects: the page fires an alert, customers' complaints a report", () => {
    expect(scenario.injects.map((i) => [i.at, i.effects])).toEqual([
      [0, [{ fire: scenario.alerts[0]!.id }]],
      [5, [{ report: scenario.reports[0]!.id }]],
    ]);
  });

  it("replays the team's own actions as the real playthrough, on their minutes", () => {
    expect(draft!.playthroughFile).toBe(`${scenario.id}.real.yaml`);
    const steps = draft!.playthrough.steps;
    expect(steps.find((s) => s.do === 'rolled-back-the-config-change')).toMatchObject({
      at: 29,
      as: 'bob',
    });
    expect(steps.find((s) => s.status)).toMatchObject({ at: 16, as: 'carol' });
    expect(result.state.phase).toBe('resolved');
  });

  it('leaves ideal steps and the admitted mistake as TODOs for the facilitator', () => {
    expect(scenario.scoring.expected.map((e) => e.action)).toEqual([
      'escalated-to-the-payments-team',
      'rolled-back-the-config-change',
      'resolved-all-checkouts-succeed',
    ]);
    expect(scenario.scoring.expected.every((e) => e.why.startsWith('TODO'))).toBe(true);
    expect(scenario.scoring.harmful).toMatchObject([
      { action: 'restarted-the-checkout-pods-by', why: expect.stringMatching(/^TODO/) },
    ]);
    expect(result.score.penaltyItems.map((p) => p.id)).toEqual([
      'restarted-the-checkout-pods-by-harmful',
    ]);
  });

  it('keeps the root cause and lessons the postmortem wrote', () => {
    expect(scenario.debrief.rootCause).toMatch(/^A configuration refactor/);
    expect(scenario.debrief.lessons).toEqual([
      'Config values need units in their names.',
      'Our deploy log should be linked from the checkout dashboard.',
    ]);
  });
});

describe('timeline exports', () => {
  it('reads kinds the export gives: a chat line is said, not an action', () => {
    const [draft] = imported('dns-timeline.csv');
    expect(draft!.playthrough.steps).toContainEqual({
      at: 14,
      as: 'eli',
      say: 'Joining; looking at the DNS query rate',
    });
    expect(play(draft!).scenario.reports[0]).toMatchObject({ from: 'Support queue' });
  });

  it('counts minutes across time zones from the first row', () => {
    const [draft] = imported('queue-timeline.json');
    const { scenario } = play(draft!);
    expect(scenario.title).toBe('Order queue backlog');
    expect(scenario.clock.startsAt).toBe('18:05');
    // The resolution came from the world: an inject at minute 39 ends the drill.
    expect(scenario.injects.at(-1)).toMatchObject({ at: 39 });
  });
});

describe('a wheel of misfortune', () => {
  it('drafts one scenario per incident, with its hints and fix', () => {
    const drafts = imported('wheel.json');
    expect(drafts.map((d) => d.id)).toEqual([
      'certificate-expiry-on-the-api',
      'disk-full-on-the-primary',
    ]);
    const { scenario } = play(drafts[0]!);
    expect(scenario.hints.map((h) => h.text)).toEqual([
      'Which certificate does the mobile app pin?',
      'When was it issued?',
    ]);
    expect(scenario.actions.map((a) => a.label)).toContain(
      'Renewed the API gateway certificate and deployed it',
    );
    // Without a fix, someone must declare the end, and lint says it is to be decided.
    expect(play(drafts[1]!).scenario.actions.map((a) => a.id)).toEqual(['declare-resolved']);
  });
});

describe('a compiled Ink story', () => {
  const [draft] = imported('queue-backlog.ink.json');
  const { scenario, result } = play(draft!);

  it('makes a phase of every scene and an action of every choice', () => {
    expect(scenario.title).toBe('Order queue backlog');
    expect(scenario.phases.map((p) => p.id)).toEqual(['triage', 'worse', 'found', 'end-1']);
    expect(scenario.phases.find((p) => p.id === 'worse')!.transitions).toEqual([
      { to: 'triage', action: 'worse-scale-the-consumers-back' },
      { to: 'found', action: 'worse-look-at-the-slowest' },
    ]);
    expect(scenario.phases.at(-1)!.terminal).toBe(true);
  });

  it('walks the shortest way to an ending', () => {
    expect(draft!.playthroughFile).toBe(`${scenario.id}.walkthrough.yaml`);
    expect(draft!.playthrough.steps.map((s) => s.do)).toEqual([
      'triage-look-at-the-slowest',
      'found-recreate-the-index',
    ]);
    expect(result.state.phase).toBe('end-1');
  });
});

describe('markers out of order', () => {
  it('leaves out a marker written after the resolution, so every phase can be reached', () => {
    // Found by the property test: an escalation below the resolution, at the same minute.
    const text =
      'timestamp,actor,kind,text\n"00:00","","resolution","#"\n"00:00","","escalation","#"\n';
    const result = importIncident('t.csv', text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { scenario, lint, result: played } = play(result.drafts[0]!);
    expect(lint.filter((f) => f.level === 'error')).toEqual([]);
    expect(scenario.phases.at(-1)!.terminal).toBe(true);
    expect(played.state.status).toBe('ended');
  });
});

describe('a step that is both a marker and worded like a mistake', () => {
  it('is expected of the team, not charged as always harmful', () => {
    // Found by the property test: two timeline lines run together, so the mitigation's line
    // also carries "by mistake".
    const text = [
      '# Postmortem: checkout errors',
      '',
      '## Timeline',
      '',
      '- 14:02 PagerDuty: alert fired: checkout 5xx above 5% <INCIDENT BEGINS>',
      '- 14:21 Bob: restarted the checkout pods by mistake on the wrong cluster- 14:31 Bob: rolled back the config change <OUTAGE MITIGATED>',
      '- 14:49 Alice: resolved, all checkouts succeed <INCIDENT ENDS>',
      '',
    ].join('\n');
    const result = importIncident('checkout.md', text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { lint } = play(result.drafts[0]!);
    expect(lint.filter((f) => f.level === 'error')).toEqual([]);
  });
});
