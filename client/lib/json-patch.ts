// Applies RFC 6902 patches immutably, with structural sharing: containers on a patched
// path are copied, everything else keeps its identity, so React can skip what did not
// change. The input document is never mutated. Containers copied during one call are
// mutated in place by later ops of the same call, so a patch of many ops stays linear.
//
// Why not fast-json-patch (which the server's tests use as the reference applier): it either
// mutates the document (React would see no change) or deep-copies all of it before each patch
// (React re-renders everything). Measured with `npm run bench -- json-patch` on 600 patches
// of a facilitator's view growing to 118 KB: 29 µs per patch here against 674 µs (23x), and
// 1.1 KB against 3.8 KB minified and gzipped. The property tests check it against the library.
import type { PatchOp } from '../../shared/protocol.ts';

export class PatchError extends Error {
  override name = 'PatchError';
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`"${pointer}" is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isContainer = (v: Json): v is Container => typeof v === 'object' && v !== null;

function arrayIndex(arr: Json[], token: string, forAdd: boolean): number {
  if (forAdd && token === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchError(`"${token}" is not an array index`);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length)) {
    throw new PatchError(`index ${i} is out of bounds`);
  }
  return i;
}

function checkKey(token: string) {
  if (token === '__proto__' || token === 'constructor' || token === 'prototype') {
    throw new PatchError(`"${token}" may not be patched`);
  }
}

export function getAt(doc: Json, tokens: readonly string[]): Json {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, false)];
    else if (isContainer(node) && Object.hasOwn(node, token))
      node = (node as Record<string, Json>)[token];
    else throw new PatchError(`nothing at "/${tokens.join('/')}"`);
  }
  return node;
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      deepEqual((a as Record<string, Json>)[k], (b as Record<string, Json>)[k]),
  );
}

/** Returns a new document with every op applied, or throws PatchError (doc untouched). */
export function applyPatch<T>(doc: T, ops: readonly PatchOp[]): T {
  const fresh = new WeakSet<object>();
  const own = <C extends Container>(c: C): C => {
    if (fresh.has(c)) return c;
    const copy = (Array.isArray(c) ? c.slice() : { ...c }) as C;
    fresh.add(copy);
    return copy;
  };

  // Rebuilds the path to the parent of the last token, then lets `edit` change that parent.
  const edit = (
    root: Json,
    tokens: readonly string[],
    fn: (parent: Container, key: string) => void,
  ): Json => {
    const walk = (node: Json, depth: number): Json => {
      if (!isContainer(node))
        throw new PatchError(`no container at "/${tokens.slice(0, depth).join('/')}"`);
      const copy = own(node);
      const token = tokens[depth]!;
      if (depth === tokens.length - 1) {
        fn(copy, token);
        return copy;
      }
      if (Array.isArray(copy)) {
        const i = arrayIndex(copy, token, false);
        copy[i] = walk(copy[i], depth + 1);
      } else {
        checkKey(token);
        if (!Object.hasOwn(copy, token))
          throw new PatchError(`nothing at "/${tokens.slice(0, depth + 1).join('/')}"`);
        copy[token] = walk(copy[token], depth + 1);
      }
      return copy;
    };
    return walk(root, 0);
  };

  const add = (root: Json, tokens: string[], value: Json): Json => {
    if (tokens.length === 0) return value;
    return edit(root, tokens, (parent, key) => {
      if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
      else {
        checkKey(key);
        parent[key] = value;
      }
    });
  };
  const remove = (root: Json, tokens: string[]): Json => {
    if (tokens.length === 0) throw new PatchError('cannot remove the whole document');
    return edit(root, tokens, (parent, key) => {
      if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
      else {
        if (!Object.hasOwn(parent, key))
          throw new PatchError(`nothing to remove at "/${tokens.join('/')}"`);
        delete parent[key];
      }
    });
  };
  const replace = (root: Json, tokens: string[], value: Json): Json => {
    if (tokens.length === 0) return value;
    return edit(root, tokens, (parent, key) => {
      if (Array.isArray(parent)) parent[arrayIndex(parent, key, false)] = value;
      else {
        if (!Object.hasOwn(parent, key))
          throw new PatchError(`nothing to replace at "/${tokens.join('/')}"`);
        parent[key] = value;
      }
    });
  };

  let out: Json = doc;
  for (const op of ops) {
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        out = add(out, path, op.value);
        break;
      case 'remove':
        out = remove(out, path);
        break;
      case 'replace':
        out = replace(out, path, op.value);
        break;
      case 'move': {
        if (op.from === undefined) throw new PatchError('"move" needs "from"');
        if (op.path === op.from) break;
        if (op.path.startsWith(`${op.from}/`))
          throw new PatchError('cannot move a value into itself');
        const from = parsePointer(op.from);
        const value = getAt(out, from);
        out = add(remove(out, from), path, value);
        break;
      }
      case 'copy': {
        if (op.from === undefined) throw new PatchError('"copy" needs "from"');
        // A copy, not a share: a later op of this call may edit one of the two in place.
        out = add(out, path, structuredClone(getAt(out, parsePointer(op.from))));
        break;
      }
      case 'test':
        if (!deepEqual(getAt(out, path), op.value))
          throw new PatchError(`test failed at "${op.path}"`);
        break;
      default:
        throw new PatchError(`unknown op "${(op as { op: string }).op}"`);
    }
  }
  return out as T;
}
