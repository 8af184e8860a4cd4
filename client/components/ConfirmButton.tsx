// A button that asks "sure?" in place: the first press arms it for a few seconds, the
// second does the thing. No modal, keyboard-friendly.
import { useEffect, useState, type ReactNode } from 'react';

export function ConfirmButton({
  children,
  confirm,
  onConfirm,
  className = 'danger',
  disabled,
  label,
}: {
  children: ReactNode;
  confirm: string;
  onConfirm: () => void;
  className?: string;
  disabled?: boolean;
  label?: string;
}) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const id = setTimeout(() => setArmed(false), 4000);
    return () => clearTimeout(id);
  }, [armed]);
  return (
    <button
      className={className}
      disabled={disabled}
      aria-label={armed ? confirm : label}
      onClick={() => {
        if (armed) {
          setArmed(false);
          onConfirm();
        } else setArmed(true);
      }}
    >
      {armed ? confirm : children}
    </button>
  );
}
