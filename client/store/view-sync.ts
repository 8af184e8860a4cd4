// Keeping a seat's view in step with the server: a full `view`, then RFC 6902 patches
// that each name the seq they apply to. A patch that does not follow ours means we missed
// something: the caller asks for a fresh view. Pure.
import type { DrillView } from '../../shared/engine/view-for.ts';
import type { PatchMessage } from '../../shared/protocol.ts';
import { applyPatch } from '../lib/json-patch.ts';

export interface Synced {
  seq: number;
  view: DrillView | null;
}

export type PatchOutcome =
  | { kind: 'applied'; seq: number; view: DrillView }
  /** Older than what we hold (e.g. queued before a full view): ignore it. */
  | { kind: 'stale' }
  /** We missed a patch, or it would not apply: ask for the whole view. */
  | { kind: 'resync'; reason: string };

export function receivePatch(cur: Synced, msg: PatchMessage): PatchOutcome {
  if (cur.view !== null && msg.seq <= cur.seq) return { kind: 'stale' };
  if (cur.view === null || msg.from !== cur.seq) {
    return {
      kind: 'resync',
      reason: `patch from ${msg.from}, we hold ${cur.view === null ? 'nothing' : cur.seq}`,
    };
  }
  try {
    return { kind: 'applied', seq: msg.seq, view: applyPatch(cur.view, msg.ops) };
  } catch (e) {
    return { kind: 'resync', reason: e instanceof Error ? e.message : 'patch failed' };
  }
}
