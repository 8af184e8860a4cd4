// Effects: what scenario data makes happen to a drill (reveal, set, ramp, log, fire, move,
// disable, goto, end...). Applied by the reducer, in place, on the state it owns. Pure.
import type { Audience, Effect } from '../scenario/schema.ts';
import { evaluateGuard } from './guard.ts';
import { metricValueAt } from './metrics.ts';
import { evaluateAt, fillTemplate } from './model-scope.ts';
import { endDrill, log, schedule, type Run } from './run.ts';
import type { DrillState, EffectContext } from './state.ts';

function union(a: Audience, b: Audience): Audience {
  if (a === 'all' || b === 'all') return 'all';
  return [...new Set([...a, ...b])];
}

export function applyEffects(run: Run, effects: readonly Effect[], ctx: EffectContext) {
  const { c, s } = run;
  for (const e of effects) {
    if (s.status === 'ended') return;
    if (e.delay !== undefined && e.delay > 0) {
      schedule(s, {
        at: s.t + e.delay * 60,
        kind: 'effects',
        effects: [{ ...e, delay: undefined }],
        ctx,
      });
      continue;
    }
    if (e.if && !evaluateGuard(e.if, { state: s, ctx })) continue;
    run.dirty = run.changed = true;
    if ('reveal' in e) {
      const finding = c.index.findings.get(e.reveal)!;
      const to: Audience =
        e.to === 'actor'
          ? ctx.role
            ? [ctx.role]
            : (finding.visibleTo ?? 'all')
          : (e.to ?? (ctx.role ? [ctx.role] : (finding.visibleTo ?? 'all')));
      const prev = s.findings[e.reveal];
      s.findings[e.reveal] = prev ? { at: prev.at, to: union(prev.to, to) } : { at: s.t, to };
      log(s, 'finding', `Finding: ${finding.title}`, to, { ref: finding.id });
    } else if ('set' in e) {
      Object.assign(s.vars, e.set);
    } else if ('add' in e) {
      for (const [k, v] of Object.entries(e.add)) s.vars[k] = Number(s.vars[k] ?? 0) + v;
    } else if ('metric' in e) {
      const segments = s.metrics[e.metric]!;
      const last = segments[segments.length - 1]!;
      const from = metricValueAt(segments, s.t);
      const to = e.to ?? from + (e.by ?? 0);
      segments.push({
        t0: s.t,
        t1: s.t + (e.over ?? 0) * 60,
        from,
        to,
        noise: e.noise ?? last.noise,
      });
    } else if ('log' in e) {
      s.logLines.push({
        t: s.t,
        stream: e.log,
        text: fillTemplate(s, e.text),
        level: e.level ?? 'info',
      });
    } else if ('startLog' in e) {
      s.logPatterns[`${e.startLog}@${s.t}`] = {
        id: e.startLog,
        stream: e.stream,
        text: e.text,
        level: e.level ?? 'info',
        every: e.every,
        since: s.t,
        until: null,
      };
      stopPattern(s, e.startLog, `${e.startLog}@${s.t}`);
    } else if ('stopLog' in e) {
      stopPattern(s, e.stopLog, null);
    } else if ('fire' in e) {
      fireAlert(run, e.fire);
    } else if ('resolve' in e) {
      resolveAlert(run, e.resolve);
    } else if ('compute' in e) {
      for (const [k, source] of Object.entries(e.compute)) {
        const v = evaluateAt(s, source);
        if (v !== null) s.vars[k] = v;
        s.model.version++;
      }
    } else if ('move' in e) {
      const counts = s.model.entities[e.move]!;
      if (e.perMinute !== undefined && e.from !== undefined && e.to !== undefined) {
        const id = e.flow ?? `${e.move}:${e.from}>${e.to}`;
        s.model.flows = s.model.flows.filter((f) => f.id !== id);
        s.model.flows.push({
          id,
          entity: e.move,
          from: e.from,
          to: e.to,
          perMinute: e.perMinute,
          carry: 0,
        });
      } else {
        const want = typeof e.count === 'string' ? (evaluateAt(s, e.count) ?? 0) : (e.count ?? 0);
        // Without "from", members arrive; without "to", they leave.
        const available = e.from === undefined ? Infinity : (counts[e.from] ?? 0);
        const n = Math.max(0, Math.min(Math.floor(want), available));
        if (e.from !== undefined) counts[e.from] = (counts[e.from] ?? 0) - n;
        if (e.to !== undefined) counts[e.to] = (counts[e.to] ?? 0) + n;
      }
    } else if ('storyJump' in e) {
      s.model.storyOffset += storyJumpSeconds(c.scenario.clock.startsAt, s, e.storyJump);
      log(s, 'clock', `— ${e.label} —`, 'all');
    } else if ('stopFlow' in e) {
      s.model.flows = s.model.flows.filter((f) => f.id !== e.stopFlow);
    } else if ('disable' in e) {
      for (const id of e.disable) s.model.disabled[id] = e.reason;
      log(s, 'model', `Unavailable: ${e.disable.join(', ')} (${e.reason})`, 'facilitator');
    } else if ('enable' in e) {
      for (const id of e.enable) delete s.model.disabled[id];
      log(s, 'model', `Available again: ${e.enable.join(', ')}`, 'facilitator');
    } else if ('report' in e) {
      const report = c.index.reports.get(e.report)!;
      if (!s.reports.some((r) => r.id === e.report)) {
        s.reports.push({ id: e.report, at: s.t });
        log(s, 'report', `Report from ${report.from}`, report.visibleTo, { ref: report.id });
      }
    } else if ('health' in e) {
      // An override: the model's health applies again with "auto".
      for (const [svc, h] of Object.entries(e.health)) {
        if (h === 'auto') delete s.model.healthOverride[svc];
        else s.model.healthOverride[svc] = h;
      }
    } else if ('thirdParty' in e) {
      const tp = c.index.thirdParties.get(e.thirdParty)!;
      s.thirdParties[e.thirdParty] = { status: e.status, note: e.note ?? null, at: s.t };
      log(s, 'third-party', `${tp.name} status: ${e.status}`, tp.visibleTo, { ref: tp.id });
    } else if ('message' in e) {
      s.channel.push({
        t: s.t,
        from: { kind: 'npc', name: e.from },
        text: fillTemplate(s, e.message),
        to: e.to ?? 'all',
      });
    } else if ('goto' in e) {
      run.queue.push({ event: { type: 'GOTO', phase: e.goto }, ctx });
    } else if ('end' in e) {
      endDrill(s, e.end);
    }
    // What expressions read may have changed while this effect applied (a count evaluated
    // before a move, say): the next guard must not reuse a scope read before it.
    if ('set' in e || 'add' in e || 'compute' in e || 'move' in e || 'metric' in e)
      s.model.version++;
  }
}

export function fireAlert(run: Run, id: string) {
  const { c, s } = run;
  const alert = c.index.alerts.get(id)!;
  const cur = s.alerts[id];
  if (!cur || cur.resolvedAt !== null) {
    s.alerts[id] = { firedAt: s.t, resolvedAt: null };
    run.dirty = run.changed = true;
    log(s, 'alert', `Alert firing: ${alert.title}`, alert.visibleTo, { ref: alert.id });
  }
}

export function resolveAlert(run: Run, id: string) {
  const { c, s } = run;
  const alert = c.index.alerts.get(id)!;
  const cur = s.alerts[id];
  if (cur && cur.resolvedAt === null) {
    cur.resolvedAt = s.t;
    run.dirty = run.changed = true;
    log(s, 'alert', `Alert resolved: ${alert.title}`, alert.visibleTo, { ref: alert.id });
  }
}

function stopPattern(s: DrillState, id: string, except: string | null) {
  for (const [key, p] of Object.entries(s.logPatterns)) {
    if (p.id === id && p.until === null && key !== except) p.until = s.t;
  }
}

/** Seconds a story jump skips: a number of minutes, or up to the next "HH:MM" of the story. */
function storyJumpSeconds(
  startsAt: string | undefined,
  s: DrillState,
  jump: number | string,
): number {
  if (typeof jump === 'number') return jump * 60;
  const [h, m] = jump.split(':').map(Number) as [number, number];
  const [h0, m0] = (startsAt ?? '00:00').split(':').map(Number) as [number, number];
  const now = (h0 * 3600 + m0 * 60 + s.t + s.model.storyOffset) % 86400;
  const target = h * 3600 + m * 60;
  const ahead = (target - now + 86400) % 86400;
  return ahead === 0 ? 86400 : ahead;
}
