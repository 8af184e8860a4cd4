// Opens the room screen (clock, channel, status page) for the meeting room's projector: the
// facilitator asks for a read-only seat and gets a link that carries its token.
import { useState } from 'react';
import { api, ApiError } from '../lib/api.ts';
import { copyText } from '../lib/clipboard.ts';
import { describeError } from '../lib/errors.ts';
import { notify } from '../store/notices.ts';

export function RoomScreenLink({ drillId, token }: { drillId: string; token: string }) {
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (link)
    return (
      <span className="row">
        <a
          className="button small"
          href={link}
          target="_blank"
          rel="noopener"
          data-testid="room-link"
        >
          Open the room screen
        </a>
        <button
          type="button"
          className="small"
          onClick={async () => {
            const ok = await copyText(link);
            notify(ok ? 'success' : 'error', ok ? 'Room screen link copied' : 'Could not copy it.');
          }}
        >
          Copy its link
        </button>
      </span>
    );
  return (
    <button
      type="button"
      className="small"
      disabled={busy}
      title="A read-only screen for the projector: the clock, the channel and the status page, no secrets"
      onClick={async () => {
        setBusy(true);
        try {
          const cred = await api.roomSeat(drillId, token);
          // In the fragment: never sent to a server, nor in a Referer.
          setLink(`${location.origin}/room/${encodeURIComponent(drillId)}#${cred.token}`);
        } catch (err) {
          notify('error', err instanceof ApiError ? describeError(err) : 'Could not open it.');
        } finally {
          setBusy(false);
        }
      }}
    >
      Room screen
    </button>
  );
}
