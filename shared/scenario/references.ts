// Cross-reference checks zod cannot express: every id a scenario mentions must exist.
// Pure: returns the problems with their path in the document, never throws.
import {
  checkExpression,
  expressionEnvironment,
  isExpressionName,
  namesOf,
  orderDerivedMetrics,
} from './expression.ts';
import type { Effect, Guard, Scenario, TimingMarker } from './schema.ts';

export interface ScenarioIssue {
  path: (string | number)[];
  message: string;
}

type Kind =
  | 'role'
  | 'phase'
  | 'action'
  | 'finding'
  | 'metric'
  | 'log stream'
  | 'alert'
  | 'report'
  | 'service'
  | 'third party'
  | 'inject'
  | 'var'
  | 'entity'
  | 'rule';

export function checkReferences(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const ids: Record<Kind, Set<string>> = {
    role: new Set(s.roles.map((r) => r.id)),
    phase: new Set(s.phases.map((p) => p.id)),
    action: new Set(s.actions.map((a) => a.id)),
    finding: new Set(s.findings.map((f) => f.id)),
    metric: new Set(s.metrics.map((m) => m.id)),
    'log stream': new Set(s.logs.map((l) => l.id)),
    alert: new Set(s.alerts.map((a) => a.id)),
    report: new Set(s.reports.map((r) => r.id)),
    service: new Set(s.services.map((x) => x.id)),
    'third party': new Set(s.thirdParties.map((t) => t.id)),
    inject: new Set(s.injects.map((i) => i.id)),
    var: new Set(Object.keys(s.vars)),
    entity: new Set(s.entities.map((e) => e.id)),
    rule: new Set(s.rules.map((r) => r.id)),
  };
  const env = expressionEnvironment(namesOf(s));
  const expression = (source: string, want: 'bool' | 'double', path: (string | number)[]): void => {
    const result = checkExpression(env, source, want);
    if (!result.ok) issues.push({ path, message: `expression: ${result.message}` });
  };
  const template = (text: string, path: (string | number)[]) => {
    for (const match of text.matchAll(/\{\{([^{}]+)\}\}/g)) {
      const result = checkExpression(env, match[1]!.trim(), 'any');
      if (!result.ok) issues.push({ path, message: `in {{${match[1]}}}: ${result.message}` });
    }
  };
  // Names an expression reads must be unique across vars, metrics and entities.
  const modelNames = new Map<string, string>();
  const nameIt = (id: string, kind: string, path: (string | number)[]) => {
    const before = modelNames.get(id);
    if (before && before !== kind)
      issues.push({ path, message: `"${id}" names both a ${before} and a ${kind}` });
    modelNames.set(id, kind);
  };
  Object.keys(s.vars).forEach((k) => nameIt(k, 'var', ['vars', k]));
  s.metrics.forEach((m, i) => nameIt(m.id, 'metric', ['metrics', i, 'id']));
  s.entities.forEach((e, i) => nameIt(e.id, 'entity', ['entities', i, 'id']));
  const entityState = (entity: string, state: string, path: (string | number)[]) => {
    const e = s.entities.find((x) => x.id === entity);
    if (e && !e.states.includes(state))
      issues.push({
        path,
        message: `entity "${entity}" has no state "${state}" (states: ${e.states.join(', ')})`,
      });
  };

  const need = (kind: Kind, id: string, path: (string | number)[]) => {
    if (!ids[kind].has(id)) {
      const known = [...ids[kind]];
      issues.push({
        path,
        message: `unknown ${kind} "${id}"${known.length ? ` (known: ${known.slice(0, 12).join(', ')})` : ''}`,
      });
    }
  };
  const needRoles = (roles: string[] | 'all' | undefined, path: (string | number)[]) => {
    if (Array.isArray(roles)) roles.forEach((r, i) => need('role', r, [...path, i]));
  };

  const duplicates = (list: { id: string }[], key: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.id))
        issues.push({ path: [key, i, 'id'], message: `duplicate id "${item.id}"` });
      seen.add(item.id);
    });
  };
  for (const key of [
    'roles',
    'phases',
    'actions',
    'findings',
    'metrics',
    'logs',
    'alerts',
    'reports',
    'services',
    'thirdParties',
    'injects',
    'hints',
    'entities',
    'rules',
  ] as const) {
    duplicates(s[key], key);
  }
  const scoringIds = [
    ...s.scoring.expected.map((x, i) => ({ id: x.id, path: ['scoring', 'expected', i, 'id'] })),
    ...s.scoring.harmful.map((x, i) => ({ id: x.id, path: ['scoring', 'harmful', i, 'id'] })),
    ...s.scoring.cadence.map((x, i) => ({ id: x.id, path: ['scoring', 'cadence', i, 'id'] })),
    ...s.scoring.escalation.map((x, i) => ({ id: x.id, path: ['scoring', 'escalation', i, 'id'] })),
    ...s.scoring.objectives.map((x, i) => ({ id: x.id, path: ['scoring', 'objectives', i, 'id'] })),
    ...s.scoring.accrue.map((x, i) => ({ id: x.id, path: ['scoring', 'accrue', i, 'id'] })),
  ];
  const seenScoring = new Set<string>();
  for (const item of scoringIds) {
    if (seenScoring.has(item.id))
      issues.push({ path: item.path, message: `duplicate rubric id "${item.id}"` });
    seenScoring.add(item.id);
  }

  const guard = (g: Guard | undefined, path: (string | number)[]): void => {
    if (!g) return;
    if ('phase' in g) {
      const list = Array.isArray(g.phase) ? g.phase : [g.phase];
      list.forEach((p, i) =>
        need('phase', p, Array.isArray(g.phase) ? [...path, 'phase', i] : [...path, 'phase']),
      );
    } else if ('done' in g) {
      need('action', g.done, [...path, 'done']);
      needRoles(g.by, [...path, 'by']);
    } else if ('notDone' in g) need('action', g.notDone, [...path, 'notDone']);
    else if ('var' in g) need('var', g.var, [...path, 'var']);
    else if ('role' in g) needRoles(g.role, [...path, 'role']);
    else if ('finding' in g) need('finding', g.finding, [...path, 'finding']);
    else if ('inject' in g) need('inject', g.inject, [...path, 'inject']);
    else if ('expr' in g) expression(g.expr, 'bool', [...path, 'expr']);
    else if ('metric' in g) need('metric', g.metric, [...path, 'metric']);
    else if ('alert' in g) need('alert', g.alert, [...path, 'alert']);
    else if ('all' in g) g.all.forEach((x, i) => guard(x, [...path, 'all', i]));
    else if ('any' in g) g.any.forEach((x, i) => guard(x, [...path, 'any', i]));
    else if ('not' in g) guard(g.not, [...path, 'not']);
  };

  const effect = (e: Effect, path: (string | number)[]) => {
    guard(e.if, [...path, 'if']);
    if ('reveal' in e) {
      need('finding', e.reveal, [...path, 'reveal']);
      if (Array.isArray(e.to)) needRoles(e.to, [...path, 'to']);
    } else if ('set' in e) Object.keys(e.set).forEach((k) => need('var', k, [...path, 'set', k]));
    else if ('add' in e) {
      for (const k of Object.keys(e.add)) {
        need('var', k, [...path, 'add', k]);
        if (ids.var.has(k) && typeof s.vars[k] !== 'number') {
          issues.push({ path: [...path, 'add', k], message: `variable "${k}" is not a number` });
        }
      }
    } else if ('metric' in e) {
      need('metric', e.metric, [...path, 'metric']);
      if (s.metrics.find((m) => m.id === e.metric)?.expr)
        issues.push({
          path: [...path, 'metric'],
          message: `metric "${e.metric}" is computed from its expression: change what it reads instead`,
        });
    } else if ('compute' in e) {
      for (const [k, source] of Object.entries(e.compute)) {
        need('var', k, [...path, 'compute', k]);
        if (ids.var.has(k) && typeof s.vars[k] !== 'number')
          issues.push({
            path: [...path, 'compute', k],
            message: `variable "${k}" is not a number`,
          });
        expression(source, 'double', [...path, 'compute', k]);
      }
    } else if ('move' in e) {
      need('entity', e.move, [...path, 'move']);
      if (e.from !== undefined) entityState(e.move, e.from, [...path, 'from']);
      if (e.to !== undefined) entityState(e.move, e.to, [...path, 'to']);
      if (typeof e.count === 'string') expression(e.count, 'double', [...path, 'count']);
    } else if ('disable' in e || 'enable' in e) {
      const list = 'disable' in e ? e.disable : e.enable;
      list.forEach((id, i) => {
        if (id !== 'status-page' && !ids.metric.has(id) && !ids['log stream'].has(id))
          issues.push({
            path: [...path, 'disable' in e ? 'disable' : 'enable', i],
            message: `"${id}" is not a metric, a log stream or "status-page"`,
          });
      });
    } else if ('log' in e) {
      need('log stream', e.log, [...path, 'log']);
      template(e.text, [...path, 'text']);
    } else if ('startLog' in e) need('log stream', e.stream, [...path, 'stream']);
    else if ('fire' in e) need('alert', e.fire, [...path, 'fire']);
    else if ('resolve' in e) need('alert', e.resolve, [...path, 'resolve']);
    else if ('report' in e) need('report', e.report, [...path, 'report']);
    else if ('health' in e)
      Object.keys(e.health).forEach((k) => need('service', k, [...path, 'health', k]));
    else if ('thirdParty' in e) need('third party', e.thirdParty, [...path, 'thirdParty']);
    else if ('message' in e) {
      needRoles(e.to, [...path, 'to']);
      template(e.message, [...path, 'message']);
    } else if ('goto' in e) need('phase', e.goto, [...path, 'goto']);
  };

  if (s.roles.length === 0)
    issues.push({ path: ['roles'], message: 'a scenario needs at least one role' });
  s.services.forEach((svc, i) => {
    svc.dependsOn.forEach((d, j) => need('service', d, ['services', i, 'dependsOn', j]));
    needRoles(svc.visibleTo, ['services', i, 'visibleTo']);
  });
  s.metrics.forEach((m, i) => {
    if (m.service) need('service', m.service, ['metrics', i, 'service']);
    needRoles(m.visibleTo, ['metrics', i, 'visibleTo']);
    if (m.expr) expression(m.expr, 'double', ['metrics', i, 'expr']);
  });
  const derived = orderDerivedMetrics(s);
  if (derived.cycle)
    issues.push({
      path: ['metrics'],
      message: `derived metrics read each other in a circle: ${derived.cycle.join(' -> ')}`,
    });
  s.entities.forEach((e, i) => {
    needRoles(e.visibleTo, ['entities', i, 'visibleTo']);
    for (const state of Object.keys(e.initial))
      entityState(e.id, state, ['entities', i, 'initial', state]);
    if (!isExpressionName(e.id))
      issues.push({
        path: ['entities', i, 'id'],
        message: `entity id "${e.id}" cannot be read by expressions: use letters, digits and "_"`,
      });
  });
  s.services.forEach((svc, i) => {
    guard(svc.healthWhen?.down, ['services', i, 'healthWhen', 'down']);
    guard(svc.healthWhen?.degraded, ['services', i, 'healthWhen', 'degraded']);
  });
  s.logs.forEach((l, i) => {
    if (l.service) need('service', l.service, ['logs', i, 'service']);
    needRoles(l.visibleTo, ['logs', i, 'visibleTo']);
  });
  s.alerts.forEach((a, i) => {
    guard(a.when, ['alerts', i, 'when']);
    if (a.service) need('service', a.service, ['alerts', i, 'service']);
    needRoles(a.visibleTo, ['alerts', i, 'visibleTo']);
  });
  s.reports.forEach((r, i) => needRoles(r.visibleTo, ['reports', i, 'visibleTo']));
  s.thirdParties.forEach((t, i) => needRoles(t.visibleTo, ['thirdParties', i, 'visibleTo']));
  s.findings.forEach((f, i) => needRoles(f.visibleTo, ['findings', i, 'visibleTo']));
  needRoles(s.statusUpdates.roles, ['statusUpdates', 'roles']);
  if (s.practice.commander !== undefined)
    need('role', s.practice.commander, ['practice', 'commander']);

  const patternIds = new Map<string, string>();
  const allEffects: [Effect, (string | number)[]][] = [];
  s.phases.forEach((p, i) => {
    p.onEnter.forEach((e, j) => allEffects.push([e, ['phases', i, 'onEnter', j]]));
    p.transitions.forEach((t, j) => {
      const path = ['phases', i, 'transitions', j];
      need('phase', t.to, [...path, 'to']);
      if (t.action) need('action', t.action, [...path, 'action']);
      if (t.inject) need('inject', t.inject, [...path, 'inject']);
      guard(t.if, [...path, 'if']);
    });
    if (p.terminal && p.transitions.length > 0) {
      issues.push({
        path: ['phases', i, 'transitions'],
        message: 'a terminal phase cannot have transitions',
      });
    }
  });
  s.actions.forEach((a, i) => {
    needRoles(a.roles, ['actions', i, 'roles']);
    guard(a.if, ['actions', i, 'if']);
    guard(a.visibleIf, ['actions', i, 'visibleIf']);
    a.effects.forEach((e, j) => allEffects.push([e, ['actions', i, 'effects', j]]));
    a.outcomes.forEach((o, j) => {
      guard(o.if, ['actions', i, 'outcomes', j, 'if']);
      o.effects.forEach((e, k) =>
        allEffects.push([e, ['actions', i, 'outcomes', j, 'effects', k]]),
      );
    });
    const paramIds = new Set<string>();
    a.params.forEach((p, j) => {
      if (paramIds.has(p.id))
        issues.push({
          path: ['actions', i, 'params', j, 'id'],
          message: `duplicate parameter "${p.id}"`,
        });
      paramIds.add(p.id);
    });
  });
  s.injects.forEach((inj, i) => {
    if (inj.inPhase) need('phase', inj.inPhase.phase, ['injects', i, 'inPhase', 'phase']);
    guard(inj.if, ['injects', i, 'if']);
    inj.effects.forEach((e, j) => allEffects.push([e, ['injects', i, 'effects', j]]));
  });
  s.hints.forEach((h, i) => needRoles(h.to, ['hints', i, 'to']));
  s.history.forEach((h, i) =>
    h.effects.forEach((e, j) => {
      allEffects.push([e, ['history', i, 'effects', j]]);
      if ('goto' in e || 'end' in e || 'delay' in e)
        issues.push({
          path: ['history', i, 'effects', j],
          message: 'history records what already happened: no goto, end or delay',
        });
    }),
  );
  needRoles(s.bots, ['bots']);
  const variantIds = new Set<string>();
  s.variants.forEach((v, i) => {
    if (variantIds.has(v.id))
      issues.push({ path: ['variants', i, 'id'], message: `duplicate variant "${v.id}"` });
    variantIds.add(v.id);
    needRoles(v.bots, ['variants', i, 'bots']);
    for (const [k, value] of Object.entries(v.vars ?? {})) {
      need('var', k, ['variants', i, 'vars', k]);
      if (ids.var.has(k) && typeof s.vars[k] !== typeof value)
        issues.push({
          path: ['variants', i, 'vars', k],
          message: `variable "${k}" is a ${typeof s.vars[k]}, not a ${typeof value}`,
        });
    }
  });
  s.rules.forEach((r, i) => {
    guard(r.when, ['rules', i, 'when']);
    r.effects.forEach((e, j) => allEffects.push([e, ['rules', i, 'effects', j]]));
  });
  for (const [e, path] of allEffects) {
    effect(e, path);
    if ('startLog' in e) {
      const stream = patternIds.get(e.startLog);
      if (stream !== undefined && stream !== e.stream) {
        issues.push({
          path: [...path, 'startLog'],
          message: `log pattern "${e.startLog}" is used on two streams`,
        });
      }
      patternIds.set(e.startLog, e.stream);
    }
  }
  for (const [e, path] of allEffects) {
    if ('stopLog' in e && !patternIds.has(e.stopLog)) {
      issues.push({ path: [...path, 'stopLog'], message: `unknown log pattern "${e.stopLog}"` });
    }
  }

  const actionById = new Map(s.actions.map((a) => [a.id, a]));
  const checkParams = (
    actionId: string,
    params: Record<string, string> | undefined,
    path: (string | number)[],
  ) => {
    const action = actionById.get(actionId);
    if (!action || !params) return;
    for (const [k, v] of Object.entries(params)) {
      const p = action.params.find((x) => x.id === k);
      if (!p)
        issues.push({
          path: [...path, k],
          message: `action "${actionId}" has no parameter "${k}"`,
        });
      else if (!p.choices.some((c) => c.value === v)) {
        issues.push({
          path: [...path, k],
          message: `"${v}" is not a choice of "${actionId}.${k}"`,
        });
      }
    }
  };
  s.scoring.expected.forEach((x, i) => {
    x.anyOf?.forEach((alt, j) => {
      const path = ['scoring', 'expected', i, 'anyOf', j];
      need('action', alt.action, [...path, 'action']);
      needRoles(alt.by, [...path, 'by']);
      checkParams(alt.action, alt.params, [...path, 'params']);
      guard(alt.if, [...path, 'if']);
    });
    need('action', x.action, ['scoring', 'expected', i, 'action']);
    needRoles(x.by, ['scoring', 'expected', i, 'by']);
    checkParams(x.action, x.params, ['scoring', 'expected', i, 'params']);
    guard(x.if, ['scoring', 'expected', i, 'if']);
    if (x.deadline && 'beforePhase' in x.deadline) {
      need('phase', x.deadline.beforePhase, ['scoring', 'expected', i, 'deadline', 'beforePhase']);
    }
  });
  s.scoring.harmful.forEach((x, i) => {
    need('action', x.action, ['scoring', 'harmful', i, 'action']);
    checkParams(x.action, x.params, ['scoring', 'harmful', i, 'params']);
    guard(x.if, ['scoring', 'harmful', i, 'if']);
  });
  s.scoring.cadence.forEach((x, i) => {
    needRoles(x.by, ['scoring', 'cadence', i, 'by']);
    if (x.kind === 'action' && x.action === undefined)
      issues.push({
        path: ['scoring', 'cadence', i, 'action'],
        message: 'a cadence of kind "action" names the action to count',
      });
    if (x.action !== undefined) need('action', x.action, ['scoring', 'cadence', i, 'action']);
    if (typeof x.from === 'object')
      need('phase', x.from.phase, ['scoring', 'cadence', i, 'from', 'phase']);
    if (typeof x.until === 'object')
      need('phase', x.until.phase, ['scoring', 'cadence', i, 'until', 'phase']);
  });
  s.scoring.escalation.forEach((x, i) => {
    need('action', x.action, ['scoring', 'escalation', i, 'action']);
    checkParams(x.action, x.params, ['scoring', 'escalation', i, 'params']);
  });
  s.scoring.objectives.forEach((o, i) => guard(o.check, ['scoring', 'objectives', i, 'check']));
  s.scoring.accrue.forEach((a, i) => {
    guard(a.when, ['scoring', 'accrue', i, 'when']);
    if (typeof a.perMinute === 'string')
      expression(a.perMinute, 'double', ['scoring', 'accrue', i, 'perMinute']);
  });
  const marker = (m: TimingMarker, path: (string | number)[]): void => {
    if ('action' in m) need('action', m.action, [...path, 'action']);
    if ('phase' in m) need('phase', m.phase, [...path, 'phase']);
    if ('anyOf' in m) m.anyOf.forEach((x, i) => marker(x, [...path, 'anyOf', i]));
  };
  for (const [name, timing] of Object.entries(s.scoring.timings)) {
    if (timing) marker(timing.marker, ['scoring', 'timings', name, 'marker']);
  }
  return issues;
}
