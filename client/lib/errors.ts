// Human words for the error codes the server and engine return. The server's message is
// usually specific ("Someone must play: Ops."); the title says what kind of problem it is.
import type { DrillError } from '../../shared/protocol.ts';

const TITLES: Record<string, string> = {
  INVALID_PAYLOAD: 'That request was not valid',
  UNAUTHENTICATED: 'Your seat in this drill is no longer valid',
  FORBIDDEN: 'Not allowed',
  NOT_YOUR_ROLE: 'Not your role',
  NO_ROLE: 'You have no role yet',
  UNKNOWN_ROLE: 'Unknown role',
  UNKNOWN_PARTICIPANT: 'Unknown participant',
  UNKNOWN_ACTION: 'Unknown action',
  UNKNOWN_INJECT: 'Unknown inject',
  UNKNOWN_HINT: 'Unknown hint',
  INVALID_PARAMS: 'Choose the options first',
  ACTION_UNAVAILABLE: 'Not possible right now',
  ACTION_ALREADY_TAKEN: 'Already done',
  INJECT_ALREADY_FIRED: 'Inject already fired',
  NO_MORE_HINTS: 'No more hints',
  DRILL_NOT_RUNNING: 'The drill is not running',
  DRILL_ALREADY_STARTED: 'The drill has already started',
  DRILL_ENDED: 'The drill has ended',
  ROLES_MISSING: 'Roles still need players',
  ROLE_TAKEN: 'Role taken',
  NAME_TAKEN: 'That name belongs to a person',
  UNKNOWN_ITEM: 'Unknown rubric item',
  NOT_FOUND: 'Not found',
  RATE_LIMITED: 'Slow down a little',
  TOO_MANY_CONNECTIONS: 'Too many connections from your network',
  TOO_MANY_DRILLS: 'Your network runs too many drills',
  SERVER_BUSY: 'The server is full',
  BUSY: 'The server is busy; try again in a moment',
  PAYLOAD_TOO_LARGE: 'Too long',
  INVALID_RECORD: 'That file cannot be imported',
  SCENARIO_EXISTS: 'That scenario is already in the catalogue',
  INTERNAL: 'Something went wrong on the server',
  NETWORK: 'Cannot reach the server',
  TIMEOUT: 'The server did not answer in time',
};

export function errorTitle(code: string): string {
  return TITLES[code] ?? 'Something went wrong';
}

/** One line for a toast or an inline error. */
export function describeError(e: DrillError | { code: string; message: string }): string {
  const title = errorTitle(e.code);
  const msg = e.message.trim();
  if (!msg || msg === title) return title;
  return `${title}: ${msg}`;
}
