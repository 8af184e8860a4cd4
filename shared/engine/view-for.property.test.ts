// No leak: while a drill runs, a seat sees only what its audience rules allow. The mini
// fixture plants markers (OPS-ONLY-SECRET, IC-BRIEF-SECRET, ...) in briefs, secrets and
// findings; restricted metrics, logs, alerts and reports are checked by id and by text.
// In the lobby a player may pick any role, one after another, so a picked role shows
// nothing of its own before the start: not its brief, not its secret, not its signals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMini } from '../../test/fixtures/load.ts';
import { playScript, scriptArb } from '../../test/fixtures/random-drill.ts';
import type { Audience } from '../scenario/schema.ts';
import type { DrillState } from './state.ts';
import { viewFor, type Seat } from './view-for.ts';

const mini = compileMini();
const sc = mini.scenario;

/** Written independently of canSee: may `role` (null: no role, a spectator) see it? */
const allowed = (audience: Audience | 'facilitator' | undefined, role: string | null) =>
  audience === 'all' || (Array.isArray(audience) && role !== null && audience.includes(role));

function expectNoLeak(state: DrillState, seat: Seat, role: string | null) {
  const view = viewFor(mini, state, seat);
  const json = JSON.stringify(view);
  const hidden = (text: string, why: string) =>
    expect(json, `${why} leaked to ${role ?? seat.kind}`).not.toContain(text);

  for (const r of sc.roles) {
    if (r.id === role) continue;
    hidden(r.brief, `the ${r.id} brief`);
    if (r.secret) hidden(r.secret, `the ${r.id} secret`);
  }
  // Every planted marker in the view must come from something this seat may know.
  const own = sc.roles.find((r) => r.id === role);
  const known = [own?.brief, own?.secret, ...view.findings.map((f) => f.text)].join(' ');
  for (const marker of json.match(/[A-Z]+(?:-[A-Z]+)*-SECRET/g) ?? []) {
    expect(known, `marker ${marker} leaked to ${role ?? seat.kind}`).toContain(marker);
  }
  for (const [id, f] of Object.entries(state.findings)) {
    if (allowed(f.to, role)) continue;
    expect(view.findings.map((x) => x.id)).not.toContain(id);
    hidden(mini.index.findings.get(id)!.text, `finding ${id}`);
  }
  const ids = (list: { id: string }[]) => list.map((x) => x.id);
  for (const m of sc.metrics.filter((m) => !allowed(m.visibleTo, role))) {
    expect(ids(view.metrics)).not.toContain(m.id);
    hidden(m.label, `metric ${m.id}`);
  }
  for (const l of sc.logs.filter((l) => !allowed(l.visibleTo, role))) {
    expect(ids(view.logStreams)).not.toContain(l.id);
    expect(view.logs.filter((line) => line.stream === l.id)).toEqual([]);
    for (const line of state.logLines.filter((x) => x.stream === l.id))
      hidden(line.text, `a line of log ${l.id}`);
    for (const p of Object.values(state.logPatterns).filter((x) => x.stream === l.id))
      hidden(p.text, `a line of log ${l.id}`);
  }
  for (const a of sc.alerts.filter((a) => !allowed(a.visibleTo, role))) {
    expect(ids(view.alerts)).not.toContain(a.id);
  }
  for (const r of sc.reports.filter((r) => !allowed(r.visibleTo, role))) {
    expect(ids(view.reports)).not.toContain(r.id);
    hidden(r.text, `report ${r.id}`);
  }
  for (const x of [...sc.services, ...sc.thirdParties].filter((x) => !allowed(x.visibleTo, role))) {
    expect(ids([...view.services, ...view.thirdParties])).not.toContain(x.id);
  }
  for (const m of state.channel.filter((m) => !allowed(m.to, role)))
    hidden(m.text, 'a message for others');
  for (const r of state.injectedTexts.filter((r) => !allowed(r.to, role)))
    hidden(r.text, 'a free-text inject for others');
  for (const n of state.notes) hidden(n.text, "a facilitator's note");
  for (const h of sc.hints.filter((h) => !allowed(h.to, role))) hidden(h.text, `hint ${h.id}`);
  // Timeline entries for others (facilitator notes included), unless the same words are
  // also in an entry this seat may see.
  const visibleTexts = new Set(
    state.timeline.filter((e) => allowed(e.audience, role)).map((e) => e.text),
  );
  for (const e of state.timeline.filter(
    (e) => !allowed(e.audience, role) && !visibleTexts.has(e.text),
  )) {
    expect(view.timeline.map((x) => x.text)).not.toContain(e.text);
  }
  for (const p of sc.phases) hidden(`Phase: ${p.title}`, 'a phase name');
  expect(view.facilitator).toBeNull();
  expect(view.debrief).toBeNull();
}

describe('viewFor (property)', () => {
  it('never shows a player what belongs to other roles while the drill runs', () => {
    fc.assert(
      fc.property(scriptArb(mini, 30), (script) => {
        playScript(mini, script, (state) => {
          if (state.status === 'ended') return;
          // Before the start a role is only picked, not played: it may know nothing yet.
          const lobby = state.status === 'lobby';
          for (const r of sc.roles)
            expectNoLeak(state, { kind: 'player', role: r.id }, lobby ? null : r.id);
          expectNoLeak(state, { kind: 'player', role: null }, null);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('never shows a spectator any role brief or restricted content', () => {
    fc.assert(
      fc.property(scriptArb(mini, 30), (script) => {
        playScript(mini, script, (state) => {
          if (state.status === 'ended') return;
          expectNoLeak(state, { kind: 'spectator' }, null);
          const view = viewFor(mini, state, { kind: 'spectator' });
          expect(view.me).toBeNull();
          for (const r of sc.roles) expect(JSON.stringify(view)).not.toContain(r.brief);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('shows a player in the lobby the same view whatever role they picked, bar its name', () => {
    fc.assert(
      fc.property(scriptArb(mini, 30), (script) => {
        playScript(mini, script, (state) => {
          if (state.status !== 'lobby') return;
          const {
            seat: _s,
            me: _m,
            ...neutral
          } = viewFor(mini, state, {
            kind: 'player',
            role: null,
          });
          for (const r of sc.roles) {
            const { seat, me, ...rest } = viewFor(mini, state, { kind: 'player', role: r.id });
            expect(seat).toEqual({ kind: 'player', role: r.id });
            expect(me).toEqual({ role: { id: r.id, name: r.name, brief: null, secret: null } });
            expect(rest).toEqual(neutral);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('shows each player their own brief and secret once the drill has started', () => {
    const { state: lobby } = playScript(mini, { seed: 1, solo: false, steps: [] });
    for (const r of sc.roles) {
      expect(viewFor(mini, lobby, { kind: 'player', role: r.id }).me).toEqual({
        role: { id: r.id, name: r.name, brief: null, secret: null },
      });
    }
    const { state } = playScript(mini, {
      seed: 1,
      solo: false,
      steps: [{ dt: 0, who: 'facilitator', kind: 'command', command: { type: 'start' } }],
    });
    expect(state.status).toBe('running');
    for (const r of sc.roles) {
      expect(viewFor(mini, state, { kind: 'player', role: r.id }).me).toEqual({
        role: { id: r.id, name: r.name, brief: r.brief, secret: r.secret ?? null },
      });
    }
  });
});
