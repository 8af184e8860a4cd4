// Compiles a scenario into an xstate v5 machine (its phases and transitions) plus the
// indexes the reducer needs. The machine is only ever driven with xstate's pure
// `transition()`: no actors, no timers. Timed transitions are kept as data in the drill
// state and fed to the machine as TIMER events by the virtual clock.
import { setup, type AnyStateMachine } from 'xstate';
import type { Guard, Scenario } from '../scenario/schema.ts';
import { evaluateGuard, type GuardFacts } from './guard.ts';
import { orderDerivedMetrics } from '../scenario/expression.ts';
import { hashString } from './random.ts';

export interface MachineContext {
  facts: GuardFacts;
}

export type PhaseEvent =
  | { type: 'ACTION'; action: string }
  | { type: 'TIMER'; phase: string; index: number }
  | { type: 'INJECT'; inject: string }
  | { type: 'GOTO'; phase: string }
  | { type: 'CHECK' };

export interface CompiledScenario {
  scenario: Scenario;
  /** Stable hash of the scenario content: stored with each drill. */
  hash: string;
  machine: AnyStateMachine;
  index: ScenarioIndex;
  /** Phases with guard-only transitions: re-checked whenever a fact changes. */
  conditionalPhases: Set<string>;
  /** phase -> the guards of its guard-only transitions. */
  conditions: Map<string, Guard[]>;
  /** phase -> action ids that may move it on. */
  actionTriggers: Map<string, Set<string>>;
  /** phase -> inject ids that may move it on. */
  injectTriggers: Map<string, Set<string>>;
  /** Phases reachable by a `goto` effect. */
  gotoTargets: Set<string>;
  /** Metrics computed from expressions, in dependency order. */
  derivedMetrics: Item<'metrics'>[];
  /** Alerts that fire and resolve by themselves. */
  ruledAlerts: Item<'alerts'>[];
  /** Whether the model must be evaluated at every sample boundary. */
  hasModel: boolean;
}

type GuardParams = {
  guard?: Guard;
  action?: string;
  inject?: string;
  phase?: string;
  index?: number;
};

export function compile(scenario: Scenario): CompiledScenario {
  const gotoTargets = new Set<string>();
  const visitEffects = (effects: { goto?: string }[]) =>
    effects.forEach((e) => e.goto !== undefined && gotoTargets.add(e.goto));
  for (const p of scenario.phases) visitEffects(p.onEnter as { goto?: string }[]);
  for (const a of scenario.actions) {
    visitEffects(a.effects as { goto?: string }[]);
    a.outcomes.forEach((o) => visitEffects(o.effects as { goto?: string }[]));
  }
  for (const i of scenario.injects) visitEffects(i.effects as { goto?: string }[]);

  const conditionalPhases = new Set<string>();
  const conditions = new Map<string, Guard[]>();
  const actionTriggers = new Map<string, Set<string>>();
  const injectTriggers = new Map<string, Set<string>>();

  const states: Record<string, object> = {};
  for (const phase of scenario.phases) {
    const on: Record<string, object[]> = { ACTION: [], TIMER: [], INJECT: [], GOTO: [] };
    const always: object[] = [];
    phase.transitions.forEach((t, index) => {
      const target = t.to;
      if (t.action !== undefined) {
        on.ACTION!.push({
          target,
          guard: { type: 'matches', params: { action: t.action, guard: t.if } },
        });
        const set = actionTriggers.get(phase.id) ?? new Set();
        set.add(t.action);
        actionTriggers.set(phase.id, set);
      } else if (t.inject !== undefined) {
        on.INJECT!.push({
          target,
          guard: { type: 'matches', params: { inject: t.inject, guard: t.if } },
        });
        const set = injectTriggers.get(phase.id) ?? new Set();
        set.add(t.inject);
        injectTriggers.set(phase.id, set);
      } else if (t.after !== undefined) {
        on.TIMER!.push({
          target,
          guard: { type: 'matches', params: { phase: phase.id, index, guard: t.if } },
        });
      } else {
        always.push({ target, guard: { type: 'matches', params: { guard: t.if } } });
        conditionalPhases.add(phase.id);
        conditions.set(phase.id, [...(conditions.get(phase.id) ?? []), t.if!]);
      }
    });
    for (const target of gotoTargets) {
      if (target !== phase.id)
        on.GOTO!.push({ target, guard: { type: 'matches', params: { phase: target } } });
    }
    states[phase.id] = {
      entry: [{ type: 'enter', params: { phase: phase.id } }],
      ...(phase.terminal ? { type: 'final' } : { on, always }),
    };
  }

  const machine = setup({
    types: {} as { context: MachineContext; events: PhaseEvent },
    guards: {
      // The only guard: a scenario guard (data) plus the trigger's identity.
      matches: ({ context, event }, params: GuardParams) => {
        if (
          params.action !== undefined &&
          (event.type !== 'ACTION' || event.action !== params.action)
        )
          return false;
        if (
          params.inject !== undefined &&
          (event.type !== 'INJECT' || event.inject !== params.inject)
        )
          return false;
        if (
          params.index !== undefined &&
          (event.type !== 'TIMER' || event.index !== params.index || event.phase !== params.phase)
        ) {
          return false;
        }
        if (
          params.index === undefined &&
          params.phase !== undefined &&
          (event.type !== 'GOTO' || event.phase !== params.phase)
        ) {
          return false;
        }
        return params.guard === undefined || evaluateGuard(params.guard, context.facts);
      },
    },
    actions: {
      // Entry actions are returned by transition() and interpreted by the reducer.
      enter: () => {},
    },
  }).createMachine({
    id: scenario.id,
    context: ({ input }: { input: MachineContext }) => input,
    initial: scenario.phases[0]!.id,
    states,
  } as never) as unknown as AnyStateMachine;

  const derivedMetrics = orderDerivedMetrics(scenario).order;
  const ruledAlerts = scenario.alerts.filter((a) => a.when !== undefined);
  return {
    scenario,
    hash: hashString(JSON.stringify(scenario)).toString(16).padStart(8, '0'),
    machine,
    index: indexScenario(scenario),
    conditionalPhases,
    conditions,
    actionTriggers,
    injectTriggers,
    gotoTargets,
    derivedMetrics,
    ruledAlerts,
    hasModel:
      derivedMetrics.length > 0 ||
      ruledAlerts.length > 0 ||
      scenario.rules.length > 0 ||
      scenario.entities.length > 0 ||
      scenario.scoring.objectives.length > 0 ||
      scenario.scoring.accrue.length > 0 ||
      scenario.services.some((svc) => svc.healthWhen !== undefined),
  };
}

type Item<K extends keyof Scenario> = Scenario[K] extends readonly (infer T)[] ? T : never;
const byId = <T extends { id: string }>(list: readonly T[]) => new Map(list.map((x) => [x.id, x]));

export interface ScenarioIndex {
  roles: Map<string, Item<'roles'>>;
  phases: Map<string, Item<'phases'>>;
  actions: Map<string, Item<'actions'>>;
  injects: Map<string, Item<'injects'>>;
  hints: Map<string, Item<'hints'>>;
  findings: Map<string, Item<'findings'>>;
  alerts: Map<string, Item<'alerts'>>;
  reports: Map<string, Item<'reports'>>;
  services: Map<string, Item<'services'>>;
  thirdParties: Map<string, Item<'thirdParties'>>;
  metrics: Map<string, Item<'metrics'>>;
  logs: Map<string, Item<'logs'>>;
  entities: Map<string, Item<'entities'>>;
  rules: Map<string, Item<'rules'>>;
}

function indexScenario(s: Scenario): ScenarioIndex {
  return {
    roles: byId(s.roles),
    phases: byId(s.phases),
    actions: byId(s.actions),
    injects: byId(s.injects),
    hints: byId(s.hints),
    findings: byId(s.findings),
    alerts: byId(s.alerts),
    reports: byId(s.reports),
    services: byId(s.services),
    thirdParties: byId(s.thirdParties),
    metrics: byId(s.metrics),
    logs: byId(s.logs),
    entities: byId(s.entities),
    rules: byId(s.rules),
  };
}
