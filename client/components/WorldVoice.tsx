// The facilitator speaks as the world: a character in the incident channel (one of the
// scenario's, or a new one such as "the CEO"), or a free-text inject that arrives as a
// ticket, a social post, a call or an email. The engine refuses a name a person holds.
import { useId, useState, type FormEvent } from 'react';
import { runCommand, type Act } from '../lib/run-command.ts';
import type { DrillView, FacilitatorPanel } from '../lib/view-types.ts';
import { Panel } from './Panel.tsx';

const WHERE = [
  { value: 'channel', label: 'Incident channel' },
  { value: 'ticket', label: 'Ticket' },
  { value: 'social', label: 'Social media post' },
  { value: 'phone', label: 'Phone call' },
  { value: 'email', label: 'Email' },
  { value: 'chat', label: 'Chat (outside the channel)' },
] as const;
type Where = (typeof WHERE)[number]['value'];

export function WorldVoice({
  view,
  panel,
  act,
}: {
  view: DrillView;
  panel: FacilitatorPanel;
  act: Act;
}) {
  const id = useId();
  const [from, setFrom] = useState(panel.characters[0] ?? '');
  const [where, setWhere] = useState<Where>('channel');
  const [to, setTo] = useState('all');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const started = view.drill.status === 'running' || view.drill.status === 'paused';
  const ready = started && from.trim() !== '' && text.trim() !== '' && !busy;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    const hearers = to === 'all' ? 'all' : [to];
    const name = from.trim();
    try {
      const sent = await runCommand(
        act,
        where === 'channel'
          ? { type: 'postAs', from: name, text: text.trim(), to: hearers }
          : { type: 'injectText', from: name, channel: where, text: text.trim(), to: hearers },
        where === 'channel' ? `Posted as ${name}` : `Inject sent from ${name}`,
      );
      if (sent) setText('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Speak as the world">
      <form className="stack" onSubmit={submit}>
        <div className="row wrap">
          <div className="field" style={{ flex: '1 1 140px' }}>
            <label htmlFor={`${id}-from`}>As</label>
            <input
              id={`${id}-from`}
              list={`${id}-characters`}
              value={from}
              maxLength={40}
              placeholder="The CEO"
              onChange={(e) => setFrom(e.target.value)}
            />
            <datalist id={`${id}-characters`}>
              {panel.characters.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
          <div className="field" style={{ flex: '1 1 140px' }}>
            <label htmlFor={`${id}-where`}>Where</label>
            <select
              id={`${id}-where`}
              value={where}
              onChange={(e) => setWhere(e.target.value as Where)}
            >
              {WHERE.map((w) => (
                <option key={w.value} value={w.value}>
                  {w.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field" style={{ flex: '1 1 120px' }}>
            <label htmlFor={`${id}-to`}>Who hears it</label>
            <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="all">Everyone</option>
              {view.roles.map((r) => (
                <option key={r.id} value={r.id}>
                  Only {r.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>What they say</label>
          <textarea
            id={`${id}-text`}
            rows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="row">
          <span className="faint" style={{ flex: 1, fontSize: 11 }}>
            {started
              ? 'Players see a character, never a name one of them holds.'
              : 'Start the drill first.'}
          </span>
          <button type="submit" className="primary" disabled={!ready}>
            {busy ? 'Sending…' : where === 'channel' ? 'Post' : 'Send inject'}
          </button>
        </div>
      </form>
    </Panel>
  );
}
