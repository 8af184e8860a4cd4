// In the facilitator's roster: a one-time seat code for a participant who lost their
// session, so they take their own seat back rather than join again as a second person.
import { useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { describeError } from '../lib/errors.ts';
import { reclaimLink } from '../lib/join-link.ts';
import { notify } from '../store/notices.ts';

export interface SeatAdmin {
  drillId: string;
  token: string;
}

export function ReclaimSeat({
  admin,
  participantId,
  name,
}: {
  admin: SeatAdmin;
  participantId: string;
  name: string;
}) {
  const [issued, setIssued] = useState<{ code: string; until: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    try {
      const r = await api.issueReclaim(admin.drillId, admin.token, participantId);
      setIssued({ code: r.code, until: Date.now() + r.expiresIn * 1000 });
    } catch (err) {
      notify('error', err instanceof ApiError ? describeError(err) : 'Could not issue a code.');
    } finally {
      setBusy(false);
    }
  };
  if (issued) {
    const minutes = Math.max(1, Math.round((issued.until - Date.now()) / 60000));
    // A popover: the roster's last column is too narrow to hold the code and its link.
    return (
      <div className="reclaim-code" role="status" data-testid="reclaim-code">
        <span>
          Seat code for {name}: <strong className="mono">{issued.code}</strong>
        </span>
        <span className="faint join-link">{reclaimLink(location.origin, issued.code)}</span>
        <span className="faint">
          Works once, for {minutes} min.{' '}
          <button type="button" className="small" onClick={() => setIssued(null)}>
            Hide
          </button>
        </span>
      </div>
    );
  }
  return (
    <button
      type="button"
      className="small"
      disabled={busy}
      onClick={() => void issue()}
      aria-label={`Seat code for ${name}`}
      title={`${name} lost their session? A one-time code gives them their own seat back.`}
    >
      Seat code
    </button>
  );
}
