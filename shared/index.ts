// The pure core, shared by server, client and CLI: scenario language, compiler, drill
// reducer, decisions, views and scoring. Nothing here performs IO or reads a clock.
export * from './scenario/schema.ts';
export { checkReferences, type ScenarioIssue } from './scenario/references.ts';
export {
  parseScenario,
  parseScenarioYaml,
  formatIssue,
  type LocatedIssue,
  type ParseResult,
} from './scenario/parse.ts';
export { compile, type CompiledScenario } from './engine/compile.ts';
export { DrillEvent, type EventType, type EventOf } from './engine/events.ts';
export {
  Command,
  ErrorCode,
  type Actor,
  type CommandInput,
  type Decision,
  type DrillError,
} from './engine/commands.ts';
export { applyEvent, createState, fold } from './engine/apply.ts';
export { evaluateModel, type ModelHooks } from './engine/model.ts';
export { decide, decideJoin, decidePresence, dueTick, FACILITATOR_ID } from './engine/decide.ts';
export { step, type StepInput, type StepResult } from './engine/step.ts';
export { viewFor, canSee, debrief } from './engine/view-for.ts';
export type * from './engine/view.ts';
export {
  score,
  type Score,
  type ScoreItem,
  type Penalty,
  type TimingResult,
} from './engine/score.ts';
export { sampleMetric, metricValueAt } from './engine/metrics.ts';
export { scenarioCharacters, humanHolding, sameName } from './engine/characters.ts';
export { rubricItems, type RubricItem } from './engine/rubric-items.ts';
export { Playthrough, runPlaythrough, type PlaythroughResult } from './engine/playthrough.ts';
export type { DrillState, TimelineEntry, ActionRecord, Participant } from './engine/state.ts';
export { participantOf } from './engine/state.ts';
export { lintScenario, type LintFinding } from './scenario/lint.ts';
export { TO_ENRICH } from './scenario/lint-todo.ts';
export { toMermaid, toMermaidModel } from './scenario/graph.ts';
export { applyVariant, scenarioNamed, variantId, withVariants } from './scenario/variants.ts';
export { botMoves, type Bot, type BotMove } from './engine/bots.ts';
export { hashString } from './engine/random.ts';
export { postmortemMarkdown } from './engine/postmortem.ts';
