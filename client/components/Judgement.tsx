// Judgement the engine cannot make: the facilitator's notes on the timeline, and a manual
// pass or fail (with a reason) of any rubric item. Both are events: the score follows them,
// and the debrief and the export show them as the facilitator's. Usable after the end too.
import { useId, useState, type FormEvent } from 'react';
import { formatClock } from '../lib/clock.ts';
import { runCommand, type Act } from '../lib/run-command.ts';
import type { ViewDebrief } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

type Item = ViewDebrief['score']['items'][number];

export function Notes({
  notes,
  act,
}: {
  notes: readonly { t: number; text: string }[];
  act?: Act | undefined;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!act || busy || text.trim() === '') return;
    setBusy(true);
    try {
      if (await runCommand(act, { type: 'addNote', text: text.trim() }, 'Note added')) setText('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title="Facilitator's notes" count={notes.length || undefined}>
      {notes.length === 0 ? (
        <Empty>No notes yet.</Empty>
      ) : (
        <ul className="list" data-testid="notes">
          {notes.map((n, i) => (
            <li key={i}>
              <span className="t">{formatClock(n.t)}</span> {n.text}
            </li>
          ))}
        </ul>
      )}
      {act && (
        <form className="stack" onSubmit={submit} style={{ marginTop: 8 }}>
          <label htmlFor={`${id}-note`}>A note for the debrief</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            maxLength={1000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="row">
            <span className="spacer" />
            <button type="submit" disabled={busy || text.trim() === ''}>
              Add note
            </button>
          </div>
        </form>
      )}
    </Panel>
  );
}

export function Verdicts({ items, act }: { items: readonly Item[]; act: Act }) {
  const id = useId();
  const [item, setItem] = useState(items[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const current = items.find((i) => i.id === item);
  const judge = async (verdict: 'pass' | 'fail' | 'clear', e?: FormEvent) => {
    e?.preventDefault();
    if (!current || busy || reason.trim() === '') return;
    setBusy(true);
    try {
      const words = { pass: 'Passed', fail: 'Failed', clear: 'Handed back' }[verdict];
      const done = await runCommand(
        act,
        { type: 'judgeItem', item, verdict, reason: reason.trim() },
        `${words}: ${current.label}`,
      );
      if (done) setReason('');
    } finally {
      setBusy(false);
    }
  };
  if (items.length === 0) return null;
  return (
    <Panel title="Judge a rubric item">
      <form className="stack" onSubmit={(e) => void judge('pass', e)}>
        <div className="field">
          <label htmlFor={`${id}-item`}>Item</label>
          <select id={`${id}-item`} value={item} onChange={(e) => setItem(e.target.value)}>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label} ({i.earned}/{i.max}
                {i.judged ? `, ${i.judged.verdict === 'pass' ? 'passed' : 'failed'} by you` : ''})
              </option>
            ))}
          </select>
        </div>
        {current && (
          <p className="muted" style={{ margin: 0, fontSize: 12 }}>
            {current.explanation}
          </p>
        )}
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason (shown in the debrief)</label>
          <input
            id={`${id}-reason`}
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="row">
          <span className="spacer" />
          {current?.judged && (
            <button
              type="button"
              disabled={busy || !reason.trim()}
              onClick={() => void judge('clear')}
            >
              Hand back to the engine
            </button>
          )}
          <button
            type="button"
            className="danger"
            disabled={busy || !reason.trim()}
            onClick={() => void judge('fail')}
          >
            Fail
          </button>
          <button type="submit" className="primary" disabled={busy || !reason.trim()}>
            Pass
          </button>
        </div>
      </form>
    </Panel>
  );
}
