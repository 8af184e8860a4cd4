// The toasts: one polite live region in the top bar, where it covers nothing. The newest
// notice shows (an error stays until dismissed or replaced); the count says how many more
// arrived meanwhile.
import { useNotices } from '../store/notices.ts';

export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  const newest = notices[notices.length - 1];
  return (
    <div className="notices" role="log" aria-live="polite" aria-label="Notifications">
      {newest && (
        <div
          key={newest.id}
          className={`notice ${newest.tone}`}
          role={newest.tone === 'error' ? 'alert' : undefined}
        >
          <p title={newest.text}>{newest.text}</p>
          {notices.length > 1 && (
            <span className="faint nowrap" aria-hidden="true">
              +{notices.length - 1}
            </span>
          )}
          <button
            className="ghost small"
            onClick={() => dismiss(newest.id)}
            aria-label="Dismiss"
            title="Dismiss"
          >
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
