// The toasts: one polite live region, newest last.
import { useNotices } from '../store/notices.ts';

export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  return (
    <div className="notices" role="log" aria-live="polite" aria-label="Notifications">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice ${n.tone}`}
          role={n.tone === 'error' ? 'alert' : undefined}
        >
          <p>{n.text}</p>
          <button className="ghost small" onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
