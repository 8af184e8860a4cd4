// A fast RFC 6902 diff for views. Views are rebuilt on every change but share most of their
// leaves with the previous one (timeline entries, log lines), so identity is checked first;
// append-only lists become `add` ops and a sliding log window becomes a few removes at the
// front plus adds at the end, instead of a replace per line.
import type { PatchOp } from '../shared/protocol.ts';

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function diffView(prev: unknown, next: unknown): PatchOp[] {
  const ops: PatchOp[] = [];
  diff(prev, next, '', ops);
  return ops;
}

function diff(a: unknown, b: unknown, path: string, ops: PatchOp[]): void {
  if (a === b) return;
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) {
    if (!(typeof a === 'number' && typeof b === 'number' && Object.is(a, b))) ops.push({ op: 'replace', path, value: b });
    return;
  }
  if (Array.isArray(a)) return diffArray(a, b as unknown as unknown[], path, ops);
  for (const key in a) {
    if (a[key] !== undefined && (!(key in b) || b[key] === undefined)) ops.push({ op: 'remove', path: `${path}/${escape(key)}` });
  }
  for (const key in b) {
    const v = b[key];
    if (v === undefined) continue;
    if (!(key in a) || a[key] === undefined) ops.push({ op: 'add', path: `${path}/${escape(key)}`, value: v });
    else diff(a[key], v, `${path}/${escape(key)}`, ops);
  }
}

function diffArray(a: unknown[], b: unknown[], path: string, ops: PatchOp[]): void {
  let from = 0;
  // A window that slid forward: the new first item is an old item further on.
  if (a.length > 0 && b.length > 0 && a[0] !== b[0] && isObject(b[0])) {
    const k = a.indexOf(b[0], 1);
    if (k > 0 && k <= 64) {
      for (let i = 0; i < k; i++) ops.push({ op: 'remove', path: `${path}/0` });
      from = k;
    }
  }
  const shared = Math.min(a.length - from, b.length);
  for (let i = 0; i < shared; i++) diff(a[from + i], b[i], `${path}/${i}`, ops);
  for (let i = shared; i < b.length; i++) ops.push({ op: 'add', path: `${path}/${i}`, value: b[i] });
  for (let i = a.length - from - 1; i >= shared; i--) ops.push({ op: 'remove', path: `${path}/${i}` });
}
