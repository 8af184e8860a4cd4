// A one-line text box with a send button; keeps the text if sending fails.
import { useState, type FormEvent } from 'react';

export function Composer({
  label,
  placeholder,
  button,
  onSend,
  disabled,
}: {
  label: string;
  placeholder: string;
  button: string;
  onSend: (text: string) => Promise<boolean>;
  disabled?: boolean | undefined;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    if (!t || busy) return;
    setBusy(true);
    try {
      if (await onSend(t)) setText('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="composer" onSubmit={submit}>
      <input
        aria-label={label}
        placeholder={placeholder}
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
        disabled={disabled}
      />
      <button type="submit" className="primary" disabled={disabled || busy || text.trim() === ''}>
        {busy ? 'Sending…' : button}
      </button>
    </form>
  );
}
