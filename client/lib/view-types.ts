// Names for the parts of a seat's view, derived from the engine's DrillView (never
// written twice).
import type { DrillView } from '../../shared/engine/view-for.ts';

export type { DrillView };
export type ViewAction = DrillView['actions'][number];
export type ViewService = DrillView['services'][number];
export type ViewMetric = DrillView['metrics'][number];
export type ViewEntity = DrillView['entities'][number];
export type ViewLogLine = DrillView['logs'][number];
export type ViewAlert = DrillView['alerts'][number];
export type ViewReport = DrillView['reports'][number];
export type ViewThirdParty = DrillView['thirdParties'][number];
export type ViewFinding = DrillView['findings'][number];
export type ViewMessage = DrillView['channel'][number];
export type ViewTimelineEntry = DrillView['timeline'][number];
export type ViewRole = DrillView['roles'][number];
export type ViewParticipant = DrillView['participants'][number];
export type FacilitatorPanel = NonNullable<DrillView['facilitator']>;
export type ViewDebrief = NonNullable<DrillView['debrief']>;
