// Ctrl+K / Cmd+K: a finder over the role's actions. Arrows move, Enter runs the clear
// winner or what was picked (never a guess between equal matches), Esc closes. Focus
// returns to where it was.
import { useEffect, useMemo, useRef, useState } from 'react';
import { isComplete, paletteItems, type PaletteItem } from '../lib/action-items.ts';
import { formatClock } from '../lib/clock.ts';
import { rankPalette } from '../lib/palette-rank.ts';
import type { DrillView, ViewAction } from '../lib/view-types.ts';
import { notify } from '../store/notices.ts';
import type { RunAction } from './ActionPalette.tsx';

export function useCommandPaletteShortcut(enabled: boolean): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
  return [open, setOpen];
}

export function CommandPalette({
  actions,
  running = [],
  onRun,
  onClose,
}: {
  actions: ViewAction[];
  /** This role's actions under way: shown busy, with when they finish. */
  running?: DrillView['running'];
  onRun: RunAction;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  // Whether the person chose an entry (arrows, pointer) rather than only typing.
  const [picked, setPicked] = useState(false);
  const [ambiguous, setAmbiguous] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const all = useMemo(() => paletteItems(actions), [actions]);
  // What can run now comes first; the rest stays visible with its reason.
  const { items, decisive } = useMemo(() => rankPalette(all, query), [all, query]);
  const selected = Math.min(index, Math.max(0, items.length - 1));
  const under = (id: string) => running.find((r) => r.action === id);
  const pick = (i: number) => {
    setIndex(i);
    setPicked(true);
    setAmbiguous(false);
  };

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => previous?.focus?.();
  }, []);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const run = (item: PaletteItem<ViewAction> | undefined) => {
    if (!item) return;
    if (!item.action.available) {
      notify('info', `${item.action.label}: ${item.action.reason ?? 'not possible right now.'}`);
      return;
    }
    onClose();
    if (isComplete(item)) {
      void onRun(item.action, item.params);
      return;
    }
    // Too many combinations to list: let the reader choose them on the action's card.
    setTimeout(() =>
      document
        .querySelector<HTMLElement>(`[data-action="${CSS.escape(item.action.id)}"] select`)
        ?.focus(),
    );
  };

  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette">
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items[selected] ? `pal-${selected}` : undefined}
          aria-label="Search actions"
          placeholder="Type an action… (e.g. restart cache)"
          value={query}
          aria-describedby="palette-hint"
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
            setPicked(false);
            setAmbiguous(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              pick(Math.min(items.length - 1, selected + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              pick(Math.max(0, selected - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              // Several entries match as well as the first: running one would be a guess.
              if (!picked && !decisive && items[selected]?.action.available) setAmbiguous(true);
              else run(items[selected]);
            } else if (e.key === 'Tab') {
              e.preventDefault(); // the palette is modal: keep focus in the search box
            }
          }}
        />
        <ul id="palette-list" role="listbox" ref={list} aria-label="Matching actions">
          {items.length === 0 && <li className="empty">No action matches.</li>}
          {items.map((item, i) => (
            <li
              key={item.key}
              id={`pal-${i}`}
              role="option"
              aria-selected={i === selected}
              aria-disabled={!item.action.available}
              aria-busy={item.action.pending || undefined}
              // Moving the pointer picks; a pointer resting where the list opens does not.
              onMouseMove={() => (selected !== i || !picked ? pick(i) : undefined)}
              onClick={() => run(item)}
            >
              <span>{item.title}</span>
              {item.action.pending && <BusyChip run={under(item.action.id)} />}
              <span className="sub">
                {item.action.available
                  ? item.action.category
                  : (item.action.reason ?? 'unavailable')}
              </span>
            </li>
          ))}
        </ul>
        <p id="palette-hint" className="palette-hint" aria-live="polite">
          {ambiguous
            ? `${items.filter((i) => i.action.available).length} actions match "${query.trim() || 'everything'}": choose one with ↑ ↓, or type more.`
            : ''}
        </p>
        <div className="foot">
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> move
          </span>
          <span>
            <kbd>Enter</kbd> run
          </span>
          <span>
            <kbd>Esc</kbd> close
          </span>
        </div>
      </div>
    </div>
  );
}

/** An action under way: a spinner and when it finishes, or what it waits for. */
function BusyChip({ run }: { run: DrillView['running'][number] | undefined }) {
  return (
    <span className="chip busy lvl-warn">
      <span className="spinner" aria-hidden="true" />
      {run?.awaitingConfirmation
        ? 'waiting for a confirmation'
        : run?.endsAt != null
          ? `running, done at T+${formatClock(run.endsAt)}`
          : 'in progress'}
    </span>
  );
}
