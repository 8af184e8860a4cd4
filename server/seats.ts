// Seat resolution: from a connection's credential (its session) to the seat whose view it
// gets, the room that seat's sockets share, and the actor its commands are taken from.
// The seat is read from the drill's state, never from the client: a player's role is
// whatever the facilitator last assigned.
import type { Actor, DrillState, Seat } from '../shared/index.ts';
import type { Session } from './drills.ts';

/** The meeting room's shared screen: its own view (roomView), never a participant's. */
export type RoomSeat = { kind: 'room' };
export type ServerSeat = Seat | RoomSeat;

export function seatOf(state: DrillState, session: Session): ServerSeat {
  if (session.seat === 'room') return { kind: 'room' };
  if (session.seat === 'facilitator') return { kind: 'facilitator' };
  if (session.seat === 'spectator') return { kind: 'spectator' };
  return { kind: 'player', role: state.participants[session.participantId!]?.role ?? null };
}

/** Sockets with the same key see the same view: one per role, spectator, facilitator. */
export const viewKeyOf = (seat: ServerSeat): string =>
  seat.kind === 'player' ? `role:${seat.role ?? ''}` : seat.kind;

/** The socket.io room of one seat of one drill. */
export const roomOf = (drillId: string, viewKey: string): string => `${drillId}|${viewKey}`;

/** One participant (or the facilitator) of one drill, whatever window they use. */
export const participantKeyOf = (session: Session): string =>
  `${session.drillId}|${session.seat === 'room' ? 'room' : (session.participantId ?? 'facilitator')}`;

export function actorOf(session: Session): Actor {
  if (session.seat === 'facilitator') return { kind: 'facilitator' };
  // The room screen only watches: the engine refuses it every command, as a spectator.
  if (session.seat === 'spectator' || session.seat === 'room')
    return { kind: 'spectator', participantId: session.participantId ?? 'room' };
  return { kind: 'player', participantId: session.participantId! };
}

/** A participant the facilitator removed (or who never was) has no seat any more. */
export function isGone(state: DrillState, session: Session): boolean {
  if (session.seat !== 'player') return false;
  const participant = state.participants[session.participantId!];
  return !participant || participant.removed;
}
