import fc from 'fast-check';
import { compare } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { PatchOp } from '../../shared/protocol.ts';
import { applyPatch, PatchError, parsePointer } from './json-patch.ts';

describe('applyPatch', () => {
  it('applies the RFC 6902 examples', () => {
    expect(applyPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }])).toEqual({
      foo: 'bar',
      baz: 'qux',
    });
    expect(
      applyPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]),
    ).toEqual({ foo: ['bar', 'qux', 'baz'] });
    expect(applyPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }])).toEqual({
      foo: 'bar',
    });
    expect(applyPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }])).toEqual({
      foo: ['bar', 'baz'],
    });
    expect(
      applyPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]),
    ).toEqual({ baz: 'boo', foo: 'bar' });
    expect(
      applyPatch({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [
        { op: 'move', from: '/foo/waldo', path: '/qux/thud' },
      ]),
    ).toEqual({ foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } });
    expect(
      applyPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [
        { op: 'move', from: '/foo/1', path: '/foo/3' },
      ]),
    ).toEqual({
      foo: ['all', 'cows', 'eat', 'grass'],
    });
    expect(
      applyPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]),
    ).toEqual({ foo: ['bar', ['abc', 'def']] });
    expect(
      applyPatch({ 'a/b': 1, 'm~n': 2 }, [
        { op: 'replace', path: '/a~1b', value: 3 },
        { op: 'remove', path: '/m~0n' },
      ]),
    ).toEqual({ 'a/b': 3 });
  });

  it('replaces the whole document with an empty path', () => {
    expect(applyPatch({ a: 1 }, [{ op: 'replace', path: '', value: [1, 2] }])).toEqual([1, 2]);
  });

  it('checks "test" ops with deep equality', () => {
    const doc = { a: { b: [1, { c: 2 }] } };
    expect(applyPatch(doc, [{ op: 'test', path: '/a', value: { b: [1, { c: 2 }] } }])).toBe(doc);
    expect(() => applyPatch(doc, [{ op: 'test', path: '/a/b/1/c', value: 3 }])).toThrow(PatchError);
  });

  it('copies values so later ops do not edit both places', () => {
    const out = applyPatch({ a: { x: 1 } }, [
      { op: 'replace', path: '/a/x', value: 2 },
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'replace', path: '/b/x', value: 3 },
    ]);
    expect(out).toEqual({ a: { x: 2 }, b: { x: 3 } });
  });

  it('refuses paths that do not exist and leaves the document alone', () => {
    const doc = { a: [1, 2], o: { k: 1 } };
    const frozen = JSON.stringify(doc);
    const bad: PatchOp[][] = [
      [{ op: 'remove', path: '/nope' }],
      [{ op: 'replace', path: '/o/missing', value: 1 }],
      [{ op: 'add', path: '/a/5', value: 1 }],
      [{ op: 'remove', path: '/a/2' }],
      [{ op: 'add', path: '/a/01', value: 1 }],
      [{ op: 'add', path: '/x/y', value: 1 }],
      [{ op: 'add', path: '/__proto__', value: { polluted: true } }],
      [{ op: 'move', from: '/o', path: '/o/inner' }],
      [
        { op: 'add', path: '/fine', value: 1 },
        { op: 'remove', path: '/not-there' },
      ],
    ];
    for (const ops of bad)
      expect(() => applyPatch(doc, ops), JSON.stringify(ops)).toThrow(PatchError);
    expect(JSON.stringify(doc)).toBe(frozen);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('shares every subtree the patch did not touch', () => {
    const doc = {
      metrics: [
        { id: 'a', points: [[0, 1]] },
        { id: 'b', points: [[0, 2]] },
      ],
      logs: [{ t: 1 }],
      drill: { t: 10 },
    };
    const out = applyPatch(doc, [
      { op: 'add', path: '/metrics/1/points/-', value: [30, 3] },
      { op: 'replace', path: '/drill/t', value: 30 },
    ]);
    expect(out).not.toBe(doc);
    expect(out.metrics[0]).toBe(doc.metrics[0]);
    expect(out.logs).toBe(doc.logs);
    expect(out.metrics[1]).not.toBe(doc.metrics[1]);
    expect(doc.metrics[1]!.points).toHaveLength(1);
    expect(out.metrics[1]!.points).toEqual([
      [0, 2],
      [30, 3],
    ]);
  });

  it('reproduces any document from the diffs the server computes', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string({ maxLength: 4 }),
        fc.boolean(),
        fc.constant(null),
        tie('array'),
        tie('object'),
      ),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(fc.constantFrom('a', 'b', 'c/d', 'e~f', 'g'), tie('value'), {
        maxKeys: 4,
      }),
    }));
    fc.assert(
      fc.property(json.object, json.object, (a, b) => {
        const before = JSON.stringify(a);
        const ops = compare(a as object, b as object) as PatchOp[];
        expect(applyPatch(a, ops)).toEqual(b);
        expect(JSON.stringify(a)).toBe(before);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parsePointer', () => {
  it('unescapes ~1 before ~0', () => {
    expect(parsePointer('/a~01/b')).toEqual(['a~1', 'b']);
    expect(parsePointer('')).toEqual([]);
    expect(() => parsePointer('a')).toThrow(PatchError);
  });
});
