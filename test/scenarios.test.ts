// The scenario library: every bundled scenario is valid, lint-clean, rich enough to train
// with, and its playthroughs under version control score as they promise.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  compile,
  DrillEvent,
  fold,
  lintScenario,
  parseScenarioYaml,
  Playthrough,
  scenarioNamed,
  runPlaythrough,
  score,
  viewFor,
  type CompiledScenario,
} from '../shared/index.ts';

const dir = 'scenarios';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const plays = readdirSync(join(dir, 'playthroughs')).filter((f) => f.endsWith('.yaml'));

function load(file: string): CompiledScenario {
  const result = parseScenarioYaml(readFileSync(join(dir, file), 'utf8'));
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.issues)}`);
  return compile(result.scenario);
}

it('bundles the four founding scenarios', () => {
  expect(files.map((f) => f.replace('.yaml', '')).sort()).toEqual(
    expect.arrayContaining(['datacenter-fire', 'dns-hell', 'exec-escalation', 'silent-auth']),
  );
});

describe.each(files)('%s', (file) => {
  const c = load(file);
  const s = c.scenario;
  const own = plays.filter((p) => p.startsWith(`${s.id}.`));

  it('lints clean', () => {
    expect(lintScenario(s)).toEqual([]);
  });

  it('is rich enough to train with', () => {
    expect(s.roles.length).toBeGreaterThanOrEqual(3);
    expect(s.phases.length).toBeGreaterThanOrEqual(6);
    expect(s.actions.length).toBeGreaterThanOrEqual(15);
    expect(s.scoring.expected.length).toBeGreaterThanOrEqual(8);
    expect(s.scoring.harmful.length).toBeGreaterThanOrEqual(4);
    expect(s.hints.length).toBeGreaterThanOrEqual(1);
    expect(s.metrics.length).toBeGreaterThan(0);
    expect(s.logs.length).toBeGreaterThan(0);
    expect(s.alerts.length).toBeGreaterThan(0);
    expect(s.findings.some((f) => !f.rootCause)).toBe(true); // red herrings
    expect(s.source.title.length).toBeGreaterThan(0);
  });

  it('has an ideal and a panicked playthrough', () => {
    expect(own).toEqual(expect.arrayContaining([`${s.id}.ideal.yaml`, `${s.id}.panicked.yaml`]));
  });

  // A real incident replays what its responders actually did, scored like any team.
  if (s.source.kind === 'postmortem')
    it('replays what really happened', () => {
      expect(own).toContain(`${s.id}.real.yaml`);
      expect(s.source.url).toBeDefined();
    });

  it.each(own)('plays %s as it promises', (play) => {
    const p = Playthrough.parse(parse(readFileSync(join(dir, 'playthroughs', play), 'utf8')));
    const played = scenarioNamed(s, p.scenario);
    expect(played, `${play} names "${p.scenario}"`).not.toBeNull();
    const pc = played === s ? c : compile(played!);
    const result = runPlaythrough(pc, p);
    expect(result.unmet).toEqual([]);
    // The model settled every instant: no chain of rules had to be stopped.
    expect(
      result.state.timeline.filter((e) => e.kind === 'model' && e.text.includes('stopped')),
    ).toEqual([]);
    if (play.endsWith('.ideal.yaml')) expect(result.score.percent).toBeGreaterThanOrEqual(95);
    if (play.endsWith('.panicked.yaml')) {
      expect(result.score.percent).toBeLessThanOrEqual(40);
      expect(result.score.penaltyItems.filter((x) => x.kind === 'harmful').length).toBeGreaterThan(
        0,
      );
      for (const penalty of result.score.penaltyItems)
        expect(penalty.why.length).toBeGreaterThan(0);
    }
    // A shortcut (three buttons that skip the lesson) must score low and say why: a penalty
    // or an unmet objective, each with its reason.
    if (play.includes('.shortcut')) {
      expect(result.score.percent).toBeLessThanOrEqual(50);
      const reasons = [
        ...result.score.penaltyItems.map((x) => x.why),
        ...result.score.items
          .filter((x) => x.kind === 'objective' && x.earned < x.max)
          .map((x) => x.explanation),
      ];
      expect(reasons.length).toBeGreaterThan(0);
    }
    // Catching the problem early must be able to beat the textbook response.
    if (play.endsWith('.early-catch.yaml')) {
      const ideal = Playthrough.parse(
        parse(readFileSync(join(dir, 'playthroughs', `${s.id}.ideal.yaml`), 'utf8')),
      );
      expect(result.score.percent).toBeGreaterThan(runPlaythrough(c, ideal).score.percent);
    }

    // The stored log folds to the same state and score, after a trip through JSON.
    const events = (JSON.parse(JSON.stringify(result.events)) as unknown[]).map((e) =>
      DrillEvent.parse(e),
    );
    const again = fold(pc, events);
    expect(again).toEqual(result.state);
    expect(score(pc, again)).toEqual(result.score);
  });

  it('builds the same views live, event by event, as from a fresh fold', () => {
    // Views reuse their growing parts between events (memoised per seat); a reused part
    // must always equal what a view built from scratch holds.
    const ideal = own.find((p) => p === `${s.id}.ideal.yaml`)!;
    const p = Playthrough.parse(parse(readFileSync(join(dir, 'playthroughs', ideal), 'utf8')));
    const { events } = runPlaythrough(c, p);
    const seats = [
      { kind: 'facilitator' as const },
      { kind: 'spectator' as const },
      ...s.roles.map((r) => ({ kind: 'player' as const, role: r.id })),
    ];
    const live = fold(c, events.slice(0, 1));
    for (let i = 1; i < events.length; i++) {
      applyEvent(c, live, events[i]!);
      if (i % 3 !== 0 && i !== events.length - 1) continue;
      const fresh = fold(c, events.slice(0, i + 1));
      for (const seat of seats) expect(viewFor(c, live, seat)).toEqual(viewFor(c, fresh, seat));
    }
  });

  it("never shows a role another role's brief or secret during the drill", () => {
    const ideal = own.find((p) => p === `${s.id}.ideal.yaml`)!;
    const p = Playthrough.parse(parse(readFileSync(join(dir, 'playthroughs', ideal), 'utf8')));
    const { events } = runPlaythrough(c, p);
    const live = events.filter((e) => e.type !== 'ended');
    // Check the views at a few moments of the drill, not only the last.
    for (const cut of [
      Math.floor(live.length / 3),
      Math.floor((2 * live.length) / 3),
      live.length,
    ]) {
      const state = fold(c, live.slice(0, cut));
      if (state.status === 'ended') continue;
      for (const role of s.roles) {
        const text = JSON.stringify(viewFor(c, state, { kind: 'player', role: role.id }));
        for (const other of s.roles) {
          if (other.id === role.id) continue;
          expect(text.includes(other.brief), `${role.id} sees ${other.id}'s brief`).toBe(false);
          if (other.secret)
            expect(text.includes(other.secret), `${role.id} sees ${other.id}'s secret`).toBe(false);
        }
      }
    }
  });
});
