import { describe, expect, it } from 'vitest';
import { LoadShedder, type Admission } from './load-shedding.ts';

const admitted = (x: ReturnType<LoadShedder['admit']>): Admission => {
  if (!('release' in x)) throw new Error(`refused: ${x.code}`);
  return x;
};

describe('load shedding', () => {
  it('refuses a drill past its bound with BUSY and a retry hint, and admits again once answered', () => {
    const shedder = new LoadShedder({ perDrill: 2, perProcess: 100, retryAfter: 1 });
    const first = admitted(shedder.admit('a'));
    admitted(shedder.admit('a'));
    expect(shedder.admit('a')).toMatchObject({ code: 'BUSY', retryAfter: 1 });
    // Another drill is not held up by a busy one.
    admitted(shedder.admit('b'));
    first.release();
    first.release();
    admitted(shedder.admit('a'));
    expect(shedder.admit('a')).toMatchObject({ code: 'BUSY' });
  });

  it('bounds the whole process, every drill together', () => {
    const shedder = new LoadShedder({ perDrill: 10, perProcess: 3, retryAfter: 2 });
    const slots = ['a', 'b', 'c'].map((d) => admitted(shedder.admit(d)));
    expect(shedder.admit('d')).toMatchObject({ code: 'BUSY', retryAfter: 2 });
    expect(shedder.waiting).toBe(3);
    slots[1]!.release();
    expect(shedder.waiting).toBe(2);
    admitted(shedder.admit('d'));
  });
});
