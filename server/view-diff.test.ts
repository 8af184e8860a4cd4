// The view diff must turn any previous view into the next one exactly, whatever changed.
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { diffView } from './view-diff.ts';

const apply = (doc: unknown, ops: ReturnType<typeof diffView>) =>
  jsonpatch.applyPatch(structuredClone(doc), ops as never, true, false).newDocument;

// Views never carry prototype keys (scenario ids start with a letter or digit), and the
// reference applier refuses them, so the generator leaves them out.
const json = fc
  .jsonValue({ maxDepth: 4 })
  .filter((v) => !/"(__proto__|constructor|prototype)"/.test(JSON.stringify(v)));

describe('diffView', () => {
  it('patches any JSON value into any other', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(apply(a, diffView(a, b))).toEqual(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('sends only the new items of a list that grew', () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ t: i, text: `line ${i}` }));
    const ops = diffView({ logs: items }, { logs: [...items, { t: 50, text: 'new' }] });
    expect(ops).toEqual([{ op: 'add', path: '/logs/50', value: { t: 50, text: 'new' } }]);
  });

  it('slides a window with removes at the front and adds at the end', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ t: i }));
    const next = [...items.slice(2), { t: 200 }, { t: 201 }];
    const ops = diffView({ logs: items }, { logs: next });
    expect(ops.length).toBe(4);
    expect(apply({ logs: items }, ops)).toEqual({ logs: next });
  });

  it('escapes keys with slashes and tildes', () => {
    const ops = diffView({ a: {} }, { a: { 'x/y~z': 1 } });
    expect(ops).toEqual([{ op: 'add', path: '/a/x~1y~0z', value: 1 }]);
  });

  it('treats undefined members as absent, as JSON does', () => {
    expect(diffView({ a: 1, b: undefined }, { a: 1 })).toEqual([]);
    expect(apply({ a: 1, b: 2 }, diffView({ a: 1, b: 2 }, { a: 1, b: undefined }))).toEqual({
      a: 1,
    });
  });
});
