// Ctrl+K / Cmd+K: a fuzzy finder over the role's actions. Arrows move, Enter runs,
// Esc closes. Focus returns to where it was.
import { useEffect, useMemo, useRef, useState } from 'react';
import { isComplete, paletteItems, type PaletteItem } from '../lib/action-items.ts';
import { fuzzyFilter } from '../lib/fuzzy.ts';
import type { ViewAction } from '../lib/view-types.ts';
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
  onRun,
  onClose,
}: {
  actions: ViewAction[];
  onRun: RunAction;
  onClose: () => void;
}) {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const all = useMemo(() => paletteItems(actions), [actions]);
  const items = useMemo(() => {
    const found = fuzzyFilter(all, query, (i) => `${i.title} ${i.action.category}`);
    // What can run now comes first; the rest stays visible with its reason.
    return [
      ...found.filter((i) => i.action.available),
      ...found.filter((i) => !i.action.available),
    ];
  }, [all, query]);
  const selected = Math.min(index, Math.max(0, items.length - 1));

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
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setIndex(Math.min(items.length - 1, selected + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setIndex(Math.max(0, selected - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(items[selected]);
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
              onMouseEnter={() => setIndex(i)}
              onClick={() => run(item)}
            >
              <span>{item.title}</span>
              {item.action.pending && <span className="chip">in progress</span>}
              <span className="sub">
                {item.action.available
                  ? item.action.category
                  : (item.action.reason ?? 'unavailable')}
              </span>
            </li>
          ))}
        </ul>
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
