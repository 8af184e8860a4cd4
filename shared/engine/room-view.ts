// The room view: what a shared screen in the meeting room shows while a team plays. The
// clock (in story time where the scenario has one), the incident channel and the public
// status page: what everyone in the room may see anyway. Never a phase name, a brief, a
// secret, a finding, a role-only message, the score or the debrief, not even after the end
// (the debrief is opened from a participant's own seat). Pure.
import type { CompiledScenario } from './compile.ts';
import type { DrillState } from './state.ts';

export interface RoomView {
  drill: {
    id: string;
    status: DrillState['status'];
    seq: number;
    t: number;
    speed: number;
    title: string;
    premise: string;
    clock: { startsAt: string | null; date: string | null; offset: number };
    ended: { at: number } | null;
  };
  channel: { t: number; from: string; role: string | null; character: boolean; text: string }[];
  statusUpdates: { t: number; text: string }[];
  thirdParties: { id: string; name: string; status: string; note: string | null }[];
}

export function roomView(c: CompiledScenario, s: DrillState): RoomView {
  const sc = c.scenario;
  const roleName = (id: string | null) =>
    id === null ? null : (c.index.roles.get(id)?.name ?? null);
  return {
    drill: {
      id: s.drillId,
      status: s.status,
      seq: s.seq,
      t: s.t,
      speed: s.speed,
      title: sc.title,
      // The premise is what players read; the summary may name the cause.
      premise: sc.premise ?? '',
      clock: {
        startsAt: sc.clock.startsAt ?? null,
        date: sc.clock.date ?? null,
        offset: s.model.storyOffset,
      },
      ended: s.ended ? { at: s.ended.at } : null,
    },
    channel: s.channel
      .filter((m) => m.to === 'all')
      .map((m) => ({
        t: m.t,
        from:
          m.from.kind === 'player' && m.from.participantId === 'facilitator'
            ? 'Facilitator'
            : m.from.name,
        role: m.from.kind === 'player' ? roleName(m.from.role) : null,
        character: m.from.kind === 'npc',
        text: m.text,
      })),
    statusUpdates: s.statusUpdates.map((u) => ({ t: u.t, text: u.text })),
    thirdParties: sc.thirdParties
      .filter((tp) => tp.visibleTo === 'all')
      .map((tp) => ({
        id: tp.id,
        name: tp.name,
        status: s.thirdParties[tp.id]!.status,
        note: s.thirdParties[tp.id]!.note,
      })),
  };
}
