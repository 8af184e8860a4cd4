// A fast RFC 6902 diff for views. Views are rebuilt on every change but share most of their
// leaves with the previous one (timeline entries, log lines, settled metric samples), so
// identity is checked first; append-only lists become `add` ops and a sliding log window
// becomes a few removes at the front plus adds at the end, instead of a replace per line.
// Paths are only spelled out for the ops actually emitted: most of a view is unchanged.
import type { PatchOp } from '../shared/protocol.ts';

const escape = (key: string) =>
  key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
// Own members only: a key like "valueOf" must not find Object.prototype's.
const own = (o: Record<string, unknown>, key: string) =>
  Object.hasOwn(o, key) ? o[key] : undefined;

export function diffView(prev: unknown, next: unknown): PatchOp[] {
  const ops: PatchOp[] = [];
  diff(prev, next, [], ops);
  return ops;
}

const at = (path: (string | number)[], last?: string | number) => {
  let out = '';
  for (const p of path) out += '/' + (typeof p === 'number' ? p : escape(p));
  if (last !== undefined) out += '/' + (typeof last === 'number' ? last : escape(last));
  return out;
};

function diff(a: unknown, b: unknown, path: (string | number)[], ops: PatchOp[]): void {
  if (a === b) return;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) {
    if (!(typeof a === 'number' && typeof b === 'number' && Object.is(a, b))) {
      ops.push({ op: 'replace', path: at(path), value: b });
    }
    return;
  }
  if (Array.isArray(a)) return diffArray(a, b as unknown as unknown[], path, ops);
  for (const key in a) {
    if (a[key] !== undefined && own(b, key) === undefined) {
      ops.push({ op: 'remove', path: at(path, key) });
    }
  }
  for (const key in b) {
    const v = b[key];
    if (v === undefined) continue;
    const old = own(a, key);
    if (old === v) continue;
    if (old === undefined) {
      ops.push({ op: 'add', path: at(path, key), value: v });
    } else {
      path.push(key);
      diff(old, v, path, ops);
      path.pop();
    }
  }
}

function diffArray(a: unknown[], b: unknown[], path: (string | number)[], ops: PatchOp[]): void {
  let from = 0;
  // A window that slid forward: the new first item is an old item further on.
  if (a.length > 0 && b.length > 0 && a[0] !== b[0] && isObject(b[0])) {
    const k = a.indexOf(b[0], 1);
    if (k > 0 && k <= 64) {
      const first = at(path, 0);
      for (let i = 0; i < k; i++) ops.push({ op: 'remove', path: first });
      from = k;
    }
  }
  const shared = Math.min(a.length - from, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a[from + i];
    const y = b[i];
    if (x === y) continue;
    path.push(i);
    diff(x, y, path, ops);
    path.pop();
  }
  for (let i = shared; i < b.length; i++) ops.push({ op: 'add', path: at(path, i), value: b[i] });
  for (let i = a.length - from - 1; i >= shared; i--) ops.push({ op: 'remove', path: at(path, i) });
}
