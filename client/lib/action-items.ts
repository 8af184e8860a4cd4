// The command palette's entries: one per action, or one per combination of choices when
// an action has parameters (so "Restart a service: Cache" is a single keystroke away).
// Pure.

export interface ActionLike {
  id: string;
  label: string;
  /** What the action is for, when the scenario says: searched as its intent. */
  description?: string | null;
  category: string;
  params: readonly {
    id: string;
    label: string;
    choices: readonly { value: string; label: string }[];
  }[];
  available: boolean;
  reason: string | null;
  pending: boolean;
}

export interface PaletteItem<A extends ActionLike = ActionLike> {
  key: string;
  title: string;
  action: A;
  params: Record<string, string>;
}

const MAX_COMBINATIONS = 48;

export function paletteItems<A extends ActionLike>(actions: readonly A[]): PaletteItem<A>[] {
  const out: PaletteItem<A>[] = [];
  for (const a of actions) {
    const combos = a.params.reduce((n, p) => n * p.choices.length, 1);
    if (a.params.length === 0 || combos > MAX_COMBINATIONS) {
      out.push({ key: a.id, title: a.label, action: a, params: {} });
      continue;
    }
    let partial: { params: Record<string, string>; labels: string[] }[] = [
      { params: {}, labels: [] },
    ];
    for (const p of a.params) {
      partial = partial.flatMap((c) =>
        p.choices.map((ch) => ({
          params: { ...c.params, [p.id]: ch.value },
          labels: [...c.labels, ch.label],
        })),
      );
    }
    for (const c of partial) {
      out.push({
        key: `${a.id}?${Object.entries(c.params)
          .map(([k, v]) => `${k}=${v}`)
          .join('&')}`,
        title: `${a.label}: ${c.labels.join(', ')}`,
        action: a,
        params: c.params,
      });
    }
  }
  return out;
}

/** Whether an item can run as it stands (all parameters chosen). */
export function isComplete(item: PaletteItem): boolean {
  return item.action.params.every((p) => item.params[p.id] !== undefined);
}
