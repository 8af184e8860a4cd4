// Picks a participant's role: the facilitator's table and a player's waiting room both use it.
import { runCommand, type Act } from '../lib/run-command.ts';
import type { DrillView } from '../lib/view-types.ts';

export function RoleSelect({
  view,
  act,
  participantId,
  role,
  disabled = false,
  id,
  label,
}: {
  view: DrillView;
  act: Act | undefined;
  participantId: string;
  role: string | null;
  disabled?: boolean;
  /** For a visible <label htmlFor>; otherwise give `label`. */
  id?: string;
  label?: string;
}) {
  return (
    <select
      id={id}
      aria-label={label}
      value={role ?? ''}
      disabled={disabled || !act}
      onChange={(e) =>
        act &&
        void runCommand(act, { type: 'assignRole', participantId, role: e.target.value || null })
      }
    >
      <option value="">No role</option>
      {view.roles.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name}
        </option>
      ))}
    </select>
  );
}
