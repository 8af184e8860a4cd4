// The scenario language: what a facilitator writes in scenarios/*.yaml, as zod schemas.
// Pure data description; the TypeScript types are inferred from here and nowhere else.
// Times in a scenario are virtual minutes (decimals allowed); the engine works in seconds.
import { z } from 'zod';
import { SafeName } from '../text.ts';

const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-_.]*$/, 'ids are letters, digits, "-", "_" or "."')
  .describe('A stable identifier: letters, digits, "-", "_" or "."');
const Minutes = z.number().min(0).describe('Virtual minutes since the drill started');
const Text = z.string().min(1);
const RoleList = z.array(Id).min(1).describe('Role ids');
/** Who may see something: a list of role ids, or "all" (every role and spectators). */
const Audience = z
  .union([z.literal('all'), RoleList])
  .describe('"all" (every player and spectator) or a list of role ids');

export const Health = z.enum(['ok', 'degraded', 'down', 'unknown']);
export const Severity = z.enum(['info', 'warning', 'critical']);
export const ThirdPartyStatus = z.enum([
  'operational',
  'degraded',
  'partial-outage',
  'major-outage',
  'maintenance',
]);
export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
const Scalar = z.union([z.number(), z.boolean(), z.string()]);
/**
 * A CEL expression (the language of Kubernetes admission policies). It reads vars, metric
 * values, entity counts (`hosts.fixed`), `t` (virtual minutes) and `phase`. Every number is a
 * double, literals included, so `1 / 2 == 0.5`; `int(x)` asks for an integer.
 */
export const Expression = z
  .string()
  .min(1)
  .max(2000)
  .describe(
    'A CEL expression over vars, metrics, entity counts (hosts.fixed), t (minutes) and phase; numbers are doubles',
  );

// ---------------------------------------------------------------- guards
// A guard is a small data language: the engine evaluates it against the drill's facts.
type GuardShape =
  | { phase: string | string[] }
  | { done: string; by?: string[]; params?: Record<string, string> }
  | { notDone: string }
  | {
      var: string;
      eq?: z.infer<typeof Scalar>;
      ne?: z.infer<typeof Scalar>;
      gt?: number;
      gte?: number;
      lt?: number;
      lte?: number;
    }
  | { elapsed: { gte?: number; lt?: number } }
  | { role: string[] }
  | { param: string; eq?: string; in?: string[] }
  | { finding: string }
  | { inject: string }
  | { expr: string }
  | { alert: string }
  | {
      metric: string;
      gt?: number;
      gte?: number;
      lt?: number;
      lte?: number;
      for?: number;
    }
  | { all: GuardShape[] }
  | { any: GuardShape[] }
  | { not: GuardShape };

export const Guard: z.ZodType<GuardShape> = z.lazy(() =>
  z.union([
    z
      .strictObject({ phase: z.union([Id, z.array(Id).min(1)]) })
      .describe('The drill is in one of these phases'),
    z
      .strictObject({
        done: Id.describe('An action id'),
        by: RoleList.optional(),
        params: z.record(z.string(), z.string()).optional(),
      })
      .describe(
        'The action has been taken (and completed), optionally by one of these roles or with these parameters',
      ),
    z.strictObject({ notDone: Id }).describe('The action has not been taken'),
    z
      .strictObject({
        var: Id,
        eq: Scalar.optional(),
        ne: Scalar.optional(),
        gt: z.number().optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        lte: z.number().optional(),
      })
      .describe('Compare a scenario variable'),
    z
      .strictObject({
        elapsed: z.strictObject({ gte: Minutes.optional(), lt: Minutes.optional() }),
      })
      .describe('Virtual minutes since the drill started'),
    z.strictObject({ role: RoleList }).describe('The acting role is one of these'),
    z
      .strictObject({ param: Id, eq: z.string().optional(), in: z.array(z.string()).optional() })
      .describe("The action's parameter has this value"),
    z.strictObject({ finding: Id }).describe('The finding has been revealed to someone'),
    z.strictObject({ inject: Id }).describe('The inject has fired'),
    z.strictObject({ alert: Id }).describe('The alert is firing now'),
    z
      .strictObject({ expr: Expression })
      .describe('A CEL expression over the model (vars, metrics, entities, t) that is true'),
    z
      .strictObject({
        metric: Id,
        gt: z.number().optional(),
        gte: z.number().optional(),
        lt: z.number().optional(),
        lte: z.number().optional(),
        for: Minutes.optional().describe(
          'Held at every sample boundary for this many minutes (default: now)',
        ),
      })
      .describe("Compare a metric's model value (without display noise)"),
    z.strictObject({ all: z.array(Guard).min(1) }),
    z.strictObject({ any: z.array(Guard).min(1) }),
    z.strictObject({ not: Guard }),
  ]),
);
export type Guard = GuardShape;

// ---------------------------------------------------------------- effects
// Every effect may carry `if` (applied only when the guard holds at that moment) and
// `delay` (applied that many virtual minutes later: a restore that takes time).
const EffectBase = {
  if: Guard.optional(),
  delay: Minutes.optional().describe('Apply this many virtual minutes later'),
};

export const Effect = z.union([
  z
    .strictObject({
      ...EffectBase,
      reveal: Id.describe('A finding id'),
      to: z
        .union([z.literal('actor'), Audience])
        .optional()
        .describe("Default: the acting role, else the finding's audience"),
    })
    .describe('Reveal a finding'),
  z.strictObject({ ...EffectBase, set: z.record(Id, Scalar) }).describe('Set scenario variables'),
  z
    .strictObject({ ...EffectBase, add: z.record(Id, z.number()) })
    .describe('Add to numeric variables'),
  z
    .strictObject({
      ...EffectBase,
      metric: Id,
      to: z.number().optional().describe('Target value'),
      by: z.number().optional().describe('Change relative to the current value (instead of "to")'),
      over: Minutes.optional().describe(
        'Ramp to the target over this many minutes (default: at once)',
      ),
      noise: z.number().min(0).optional().describe('New noise amplitude'),
    })
    .refine((e) => (e.to === undefined) !== (e.by === undefined), {
      message: 'a metric effect needs exactly one of "to" or "by"',
    })
    .describe('Move a metric towards a value'),
  z
    .strictObject({
      ...EffectBase,
      log: Id.describe('A log stream id'),
      text: Text,
      level: LogLevel.optional(),
    })
    .describe('Write one log line'),
  z
    .strictObject({
      ...EffectBase,
      startLog: Id.describe('A log pattern id, unique within the scenario'),
      stream: Id,
      text: Text,
      level: LogLevel.optional(),
      every: z.number().positive().describe('Seconds between lines'),
    })
    .describe('Start a repeating log line'),
  z.strictObject({ ...EffectBase, stopLog: Id }).describe('Stop a repeating log line'),
  z.strictObject({ ...EffectBase, fire: Id.describe('An alert id') }).describe('Fire an alert'),
  z
    .strictObject({ ...EffectBase, resolve: Id.describe('An alert id') })
    .describe('Resolve an alert'),
  z
    .strictObject({ ...EffectBase, report: Id.describe('A report id') })
    .describe('Deliver a user report or ticket'),
  z
    .strictObject({ ...EffectBase, health: z.record(Id, z.union([Health, z.literal('auto')])) })
    .describe(
      'Override the health of services as the map shows it ("auto": back to the model\'s health)',
    ),
  z
    .strictObject({ ...EffectBase, compute: z.record(Id, Expression) })
    .describe('Set variables to the values of expressions, evaluated now'),
  z
    .strictObject({
      ...EffectBase,
      move: Id.describe('An entity id'),
      from: Id.optional().describe('A state of the entity (none: new members arrive)'),
      to: Id.optional().describe('A state of the entity (none: members leave)'),
      count: z
        .union([z.number().min(0), Expression])
        .optional()
        .describe('How many members move at once (a number or an expression)'),
      perMinute: z
        .number()
        .positive()
        .optional()
        .describe('Or: start a flow moving this many members a minute until stopped'),
      flow: Id.optional().describe('Name of the flow, to stop it with stopFlow'),
    })
    .refine((e) => (e.count === undefined) !== (e.perMinute === undefined), {
      message: 'a move needs exactly one of "count" or "perMinute"',
    })
    .refine((e) => e.from !== undefined || e.to !== undefined, {
      message: 'a move needs "from", "to" or both',
    })
    .refine((e) => e.perMinute === undefined || (e.from !== undefined && e.to !== undefined), {
      message: 'a flow moves members between two states: give "from" and "to"',
    })
    .describe('Move members of an entity from one state to another'),
  z.strictObject({ ...EffectBase, stopFlow: Id }).describe('Stop a flow started by a move'),
  z
    .strictObject({
      ...EffectBase,
      storyJump: z
        .union([
          z.number().positive(),
          z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'minutes, or a time of day "HH:MM"'),
        ])
        .describe('Story minutes to skip, or the next time of day to skip to ("07:30")'),
      label: Text.describe('What players read: "Next morning", "Monday, 09:00"'),
    })
    .describe(
      'A compressed clock: story time jumps ahead (an incident that lasts days) while drill time runs on',
    ),
  z
    .strictObject({
      ...EffectBase,
      disable: z
        .array(Id)
        .min(1)
        .describe('Metric or log stream ids, or "status-page": these tools stop working'),
      reason: Text.describe(
        'Shown where the tool was: "Grafana is down", "the status page needs login"',
      ),
    })
    .describe('Take tools away: metrics show no data, logs stop, status updates are refused'),
  z
    .strictObject({ ...EffectBase, enable: z.array(Id).min(1) })
    .describe('Bring disabled tools back'),
  z
    .strictObject({
      ...EffectBase,
      thirdParty: Id,
      status: ThirdPartyStatus,
      note: z.string().optional(),
    })
    .describe("Change a third party's public status page"),
  z
    .strictObject({
      ...EffectBase,
      message: Text,
      from: Text.describe('Who says it: "CEO", "Payment provider", ...'),
      to: Audience.optional(),
    })
    .describe('A non-player character posts in the incident channel'),
  z
    .strictObject({ ...EffectBase, goto: Id.describe('A phase id') })
    .describe('Move the drill to a phase'),
  z
    .strictObject({ ...EffectBase, end: Text.describe('Why the drill ends') })
    .describe('End the drill'),
]);
export type Effect = z.infer<typeof Effect>;
const Effects = z.array(Effect);

// ---------------------------------------------------------------- building blocks
export const Role = z.strictObject({
  id: Id,
  name: SafeName.describe('Shown to everyone; one line of 1 to 40 characters, like a player name'),
  brief: Text.describe('What this role knows at the start; only this role sees it'),
  secret: z.string().optional().describe('Extra facts only this role holds'),
  required: z
    .boolean()
    .default(false)
    .describe('A drill cannot start without a player in it (solo fills it with a bot)'),
});

export const Service = z.strictObject({
  id: Id,
  name: Text,
  kind: z.string().optional().describe('e.g. api, database, queue, dns, cdn, third-party'),
  dependsOn: z.array(Id).default([]),
  health: Health.default('ok'),
  healthWhen: z
    .strictObject({ down: Guard.optional(), degraded: Guard.optional() })
    .optional()
    .describe("The service's own health from the model; a failing dependency degrades it too"),
  visibleTo: Audience.default('all'),
});

export const Entity = z.strictObject({
  id: Id,
  label: Text,
  states: z.array(Id).min(1).describe('The states a member can be in'),
  initial: z.record(Id, z.number().int().min(0)).describe('Members per state at the start'),
  unit: z.string().default('').describe('What a member is: hosts, customers, sites'),
  visibleTo: Audience.default('all'),
});

export const Rule = z.strictObject({
  id: Id,
  description: z.string().optional().describe('Who or what this is: "the autoscaler"'),
  when: Guard.optional().describe('Applies its effects when this starts to hold'),
  every: z
    .number()
    .positive()
    .optional()
    .describe('Or: applies its effects every this many minutes while "when" holds'),
  once: z.boolean().default(false).describe('Applies at most once per drill'),
  effects: z.lazy(() => Effects).describe('What the rule does'),
});

export const Metric = z.strictObject({
  id: Id,
  service: Id.optional(),
  label: Text,
  unit: z.string().default(''),
  baseline: z
    .number()
    .default(0)
    .describe('Starting value (a derived metric starts from its expression)'),
  expr: Expression.optional().describe(
    'Derived metric: computed from this expression at every sample boundary (effects cannot ramp it)',
  ),
  noise: z.number().min(0).default(0).describe('Amplitude of the seeded noise'),
  min: z.number().optional(),
  max: z.number().optional(),
  warnAbove: z.number().optional(),
  warnBelow: z.number().optional(),
  visibleTo: Audience.default('all'),
  internal: z
    .boolean()
    .default(false)
    .describe('A model quantity no player sees (the facilitator and the debrief do)'),
});

export const LogStream = z.strictObject({
  id: Id,
  service: Id.optional(),
  label: Text,
  visibleTo: Audience.default('all'),
});

export const Alert = z.strictObject({
  id: Id,
  title: Text,
  severity: Severity.default('warning'),
  service: Id.optional(),
  description: z.string().optional(),
  when: Guard.optional().describe(
    'A rule: the alert fires by itself once this has held for "for" minutes, and resolves when it stops holding',
  ),
  for: Minutes.default(0).describe('Minutes the condition must hold before the alert fires'),
  autoResolve: z.boolean().default(true).describe('Resolve by itself when "when" stops holding'),
  visibleTo: Audience.default('all'),
});

export const Report = z.strictObject({
  id: Id,
  channel: z.enum(['ticket', 'social', 'phone', 'email', 'chat']).default('ticket'),
  from: Text,
  text: Text,
  visibleTo: Audience.default('all'),
});

export const ThirdParty = z.strictObject({
  id: Id,
  name: Text,
  status: ThirdPartyStatus.default('operational'),
  note: z.string().optional(),
  visibleTo: Audience.default('all'),
});

export const Finding = z.strictObject({
  id: Id,
  title: Text,
  text: Text,
  visibleTo: Audience.optional().describe('Who sees it when an effect reveals it without "to"'),
  rootCause: z.boolean().default(false),
});

export const Transition = z
  .strictObject({
    to: Id,
    after: Minutes.optional().describe('Virtual minutes after entering the phase'),
    action: Id.optional().describe('When this action completes'),
    inject: Id.optional().describe('When this inject fires'),
    if: Guard.optional(),
  })
  .refine((t) => [t.after, t.action, t.inject].filter((x) => x !== undefined).length <= 1, {
    message:
      'a transition has at most one trigger: "after", "action" or "inject" (none: whenever "if" holds)',
  })
  .refine(
    (t) =>
      t.after !== undefined ||
      t.action !== undefined ||
      t.inject !== undefined ||
      t.if !== undefined,
    {
      message: 'a transition needs a trigger ("after", "action", "inject") or an "if" condition',
    },
  );

export const Phase = z.strictObject({
  id: Id,
  title: Text,
  description: z.string().optional().describe('Facilitator notes: players never see phase names'),
  onEnter: Effects.default([]),
  transitions: z.array(Transition).default([]),
  terminal: z.boolean().default(false).describe('Entering it ends the drill'),
});

export const ParamChoice = z.strictObject({ value: z.string().min(1), label: Text });
export const ActionParam = z.strictObject({
  id: Id,
  label: Text,
  choices: z.array(ParamChoice).min(1),
});

export const Outcome = z.strictObject({ if: Guard, effects: Effects.min(1) });

export const Action = z.strictObject({
  id: Id,
  label: Text,
  description: z.string().optional(),
  category: z
    .enum(['investigate', 'mitigate', 'communicate', 'escalate', 'coordinate'])
    .default('investigate'),
  roles: RoleList,
  params: z.array(ActionParam).default([]),
  duration: Minutes.optional().describe(
    'Virtual minutes before the action completes and its effects apply',
  ),
  repeatable: z.boolean().default(false),
  if: Guard.optional().describe('When the action is available'),
  unavailable: z.string().optional().describe('Shown when "if" does not hold'),
  visibleIf: Guard.optional().describe(
    'Players do not see the action until this holds (no "investigate the spike" before a spike)',
  ),
  effects: Effects.default([]),
  outcomes: z.array(Outcome).default([]).describe('Effects applied only when their guard holds'),
  feedback: z.string().optional().describe('Told to the actor when the action completes'),
  confirm: z
    .strictObject({
      by: RoleList.optional().describe('Roles that may confirm (default: any other player)'),
    })
    .optional()
    .describe(
      'A second player must confirm before the action starts (a reviewed hot-patch); its duration counts from then',
    ),
});

export const Inject = z
  .strictObject({
    id: Id,
    title: Text,
    description: z.string().optional(),
    at: Minutes.optional().describe('Fires at this virtual minute'),
    inPhase: z.strictObject({ phase: Id, after: Minutes.default(0) }).optional(),
    manual: z.boolean().default(false).describe('The facilitator may fire it by hand'),
    if: Guard.optional(),
    effects: Effects.min(1),
  })
  .refine((i) => i.at !== undefined || i.inPhase !== undefined || i.manual, {
    message: 'an inject needs "at", "inPhase" or "manual: true"',
  });

export const Hint = z.strictObject({
  id: Id,
  text: Text,
  cost: z.number().min(0).default(5).describe('Points lost when revealed'),
  to: Audience.default('all'),
});

// ---------------------------------------------------------------- scoring
export const Deadline = z.union([
  z.strictObject({ minutes: Minutes }),
  z.strictObject({ beforePhase: Id }),
]);

const StepMatch = z.strictObject({
  action: Id,
  by: RoleList.optional(),
  params: z.record(z.string(), z.string()).optional(),
  if: Guard.optional().describe(
    'Counts only when this held as it was taken (default: the step\'s own "if")',
  ),
});

export const ExpectedStep = z.strictObject({
  id: Id,
  action: Id,
  anyOf: z
    .array(StepMatch)
    .optional()
    .describe('Other ways to earn the same credit: any one of these actions counts'),
  by: RoleList.optional(),
  params: z.record(z.string(), z.string()).optional(),
  points: z.number().positive(),
  deadline: Deadline.optional(),
  lateBy: Minutes.optional().describe(
    'Credit falls linearly to zero this many minutes past the deadline (default: no late credit)',
  ),
  if: Guard.optional().describe(
    'Counts only when this held as the action was taken (e.g. the right moment)',
  ),
  why: Text,
});

export const HarmfulAction = z.strictObject({
  id: Id,
  action: Id,
  params: z.record(z.string(), z.string()).optional(),
  if: Guard.optional().describe('Harmful only when this held as the action was taken'),
  penalty: z.number().positive(),
  each: z
    .boolean()
    .default(false)
    .describe('Charge every time the action is taken (default: once per drill)'),
  why: Text,
});

export const ObjectiveItem = z
  .strictObject({
    id: Id,
    label: Text,
    check: Guard.describe('What the world must look like'),
    at: z
      .union([Minutes, z.literal('end')])
      .optional()
      .describe('Checked at this minute, or when the drill ends (the default)'),
    by: Minutes.optional().describe('Met if it holds at any moment before this minute'),
    throughout: z
      .strictObject({
        from: Minutes.default(0),
        to: z.union([Minutes, z.literal('end')]).default('end'),
      })
      .optional()
      .describe('Must hold at every sample boundary in this window'),
    points: z.number().positive(),
    why: Text,
  })
  .refine((o) => [o.at, o.by, o.throughout].filter((x) => x !== undefined).length <= 1, {
    message: 'an objective has at most one of "at", "by" or "throughout"',
  });

export const Accrual = z.strictObject({
  id: Id,
  label: Text,
  when: Guard.describe('Harm accrues while this holds'),
  perMinute: z
    .union([z.number().positive(), Expression])
    .describe(
      'Points lost per minute it holds: a number, or an expression (revenue lost per minute)',
    ),
  max: z.number().positive().optional().describe('The most it can cost'),
  why: Text,
});

export const Cadence = z.strictObject({
  id: Id,
  label: Text,
  kind: z.enum(['status-update', 'message', 'action']).default('status-update'),
  action: Id.optional().describe('With kind "action": the action that must be taken each time'),
  by: RoleList.optional(),
  every: z.number().positive().describe('Minutes between updates'),
  from: z.union([Minutes, z.strictObject({ phase: Id })]).default(0),
  until: z.union([Minutes, z.strictObject({ phase: Id })]).optional(),
  points: z.number().positive(),
  why: Text,
});

export const Escalation = z.strictObject({
  id: Id,
  action: Id,
  params: z
    .record(z.string(), z.string())
    .optional()
    .describe('Only an escalation with these choices counts'),
  label: Text,
  notBefore: Minutes.optional(),
  notAfter: Minutes.optional(),
  earlyPenalty: z.number().min(0).default(0),
  points: z.number().positive(),
  why: Text,
});

type MarkerShape =
  { action: string } | { phase: string } | { statusUpdate: true } | { anyOf: MarkerShape[] };
export const TimingMarker: z.ZodType<MarkerShape> = z.lazy(() =>
  z.union([
    z.strictObject({ action: Id }),
    z.strictObject({ phase: Id }),
    z.strictObject({ statusUpdate: z.literal(true) }),
    z.strictObject({ anyOf: z.array(TimingMarker).min(1) }).describe('Whichever comes first'),
  ]),
);
export const KeyTiming = z.strictObject({
  marker: TimingMarker,
  target: Minutes.describe('Target virtual minutes from the start'),
  points: z
    .number()
    .min(0)
    .default(0)
    .describe('Full within target, falling to zero at twice the target'),
});

export const Scoring = z.strictObject({
  expected: z.array(ExpectedStep).default([]),
  harmful: z.array(HarmfulAction).default([]),
  cadence: z.array(Cadence).default([]),
  escalation: z.array(Escalation).default([]),
  objectives: z.array(ObjectiveItem).default([]).describe('Outcomes scored from the model'),
  accrue: z.array(Accrual).default([]).describe('Harm that costs points per minute while it holds'),
  timings: z
    .strictObject({
      detect: KeyTiming.optional(),
      acknowledge: KeyTiming.optional(),
      mitigate: KeyTiming.optional(),
      resolve: KeyTiming.optional(),
    })
    .default({}),
});

// ---------------------------------------------------------------- variants
/** A difficulty variant: the same scenario with a few knobs turned, no copy of the file. */
export const Variant = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-_]*$/, 'variant ids are letters, digits, "-" or "_"'),
  label: Text.describe('"Hard", "Night shift", "Solo: only ops helps"'),
  description: z.string().optional(),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']).optional(),
  noise: z.number().min(0).optional().describe("Multiplies every metric's noise"),
  deadlines: z
    .number()
    .positive()
    .optional()
    .describe('Multiplies deadlines, late allowances and timing targets (0.5: twice as tight)'),
  hintCost: z.number().min(0).optional().describe("Multiplies every hint's cost"),
  vars: z.record(Id, Scalar).optional().describe('Different starting values'),
  bots: RoleList.optional().describe(
    'In solo practice, only these roles get a bot; the others stay empty',
  ),
});

// ---------------------------------------------------------------- solo practice
export const BotSkill = z.strictObject({
  delay: z
    .number()
    .min(0)
    .max(30)
    .default(1)
    .describe(
      'Virtual minutes a bot takes to react (to the start, a task, its last move); seeded jitter around it',
    ),
  mistakes: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe("Chance that a bot makes one of the scenario's harmful moves its role can make"),
  chattiness: z
    .number()
    .min(0)
    .max(1)
    .default(0.6)
    .describe(
      'How often a bot says what it starts and finishes (answers to questions always come)',
    ),
});

const Practice = z.strictObject({
  commander: Id.optional().describe(
    'The role that coordinates: as a bot it assigns tasks and asks for updates (default: a role with id "ic" or named "... commander")',
  ),
  bots: BotSkill.prefault({}),
  stallMinutes: z
    .number()
    .positive()
    .max(120)
    .optional()
    .describe(
      'Offer the solo trainee a hint when they have done nothing for this many virtual minutes',
    ),
});

// ---------------------------------------------------------------- the scenario
export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  version: z.number().int().positive().default(1),
  title: Text,
  summary: Text.describe("The facilitator's summary: may name the cause"),
  premise: Text.optional().describe(
    'What players may know before the start (the lobby shows it instead of the summary)',
  ),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  duration: Minutes.describe('Expected virtual duration in minutes'),
  tags: z.array(z.string()).default([]),
  objectives: z.array(Text).default([]),
  source: z.strictObject({
    title: Text,
    url: z.url().optional(),
    kind: z.enum(['talk', 'slides', 'article', 'postmortem', 'thread', 'original']),
  }),
  clock: z
    .strictObject({
      sampleSeconds: z
        .number()
        .positive()
        .default(30)
        .describe('Metric resolution in virtual seconds; the model is evaluated at each sample'),
      startsAt: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, "HH:MM"')
        .optional()
        .describe('Story time at the start: everyone sees wall-clock time beside T+'),
      date: z.iso.date().optional().describe('Story date at the start'),
    })
    .default({ sampleSeconds: 30 }),
  roles: z.array(Role).min(1),
  services: z.array(Service).default([]),
  metrics: z.array(Metric).default([]),
  logs: z.array(LogStream).default([]),
  alerts: z.array(Alert).default([]),
  reports: z.array(Report).default([]),
  thirdParties: z.array(ThirdParty).default([]),
  findings: z.array(Finding).default([]),
  vars: z.record(Id, Scalar).default({}),
  entities: z.array(Entity).default([]).describe('Fleets and cohorts: members counted per state'),
  rules: z.array(Rule).default([]).describe('Actors that react to the model: autoscalers, vendors'),
  people: z
    .strictObject({
      concurrentActions: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('How many actions one person can have running at once (default: no limit)'),
    })
    .default({})
    .describe('What one person can do at a time'),
  practice: Practice.prefault({}).describe(
    'Solo practice: how the bots play and when a stalled trainee is offered a hint',
  ),
  statusUpdates: z
    .strictObject({
      roles: RoleList.optional().describe('Who may post status-page updates (default: all roles)'),
    })
    .default({}),
  history: z
    .array(
      z.strictObject({
        at: z.number().max(0).describe('Minutes before the drill starts (negative)'),
        effects: Effects.min(1),
      }),
    )
    .default([])
    .describe(
      'What happened before the drill started: log lines, channel messages, alerts, reports',
    ),
  phases: z.array(Phase).min(1).describe('The first phase is where the drill starts'),
  actions: z.array(Action).default([]),
  injects: z.array(Inject).default([]),
  hints: z.array(Hint).default([]),
  scoring: Scoring.default({
    expected: [],
    harmful: [],
    cadence: [],
    escalation: [],
    objectives: [],
    accrue: [],
    timings: {},
  }),
  variants: z.array(Variant).default([]).describe('Difficulty variants of this scenario'),
  bots: RoleList.optional().describe(
    "In solo practice, only these roles get a bot (default: every role but the player's)",
  ),
  debrief: z.strictObject({
    whatHappened: Text,
    rootCause: z.string().optional(),
    lessons: z.array(Text).min(1),
  }),
});

export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
export type Role = z.infer<typeof Role>;
export type Phase = z.infer<typeof Phase>;
export type Action = z.infer<typeof Action>;
export type Inject = z.infer<typeof Inject>;
export type Transition = z.infer<typeof Transition>;
export type Metric = z.infer<typeof Metric>;
export type Entity = z.infer<typeof Entity>;
export type Variant = z.infer<typeof Variant>;
export type Rule = z.infer<typeof Rule>;
export type ObjectiveItem = z.infer<typeof ObjectiveItem>;
export type Accrual = z.infer<typeof Accrual>;
export type Audience = z.infer<typeof Audience>;
export type Health = z.infer<typeof Health>;
export type Scalar = z.infer<typeof Scalar>;
export type KeyTiming = z.infer<typeof KeyTiming>;
export type BotSkill = z.infer<typeof BotSkill>;
export type TimingMarker = z.infer<typeof TimingMarker>;
