import { describe, expect, it } from 'vitest';
import { parseRoute } from '../app/router.ts';
import { codeFromJoinPath, codeFromReclaimPath, joinLink, reclaimLink } from './join-link.ts';

describe('join links', () => {
  it('carry the code in the path, and the join route reads it back', () => {
    const link = joinLink('https://drills.example', 'K7QF2MXA');
    expect(link).toBe('https://drills.example/join/K7QF2MXA');
    expect(parseRoute(new URL(link).pathname)).toEqual({ name: 'join', code: 'K7QF2MXA' });
  });

  it('type the code as the form does, and refuse what no code looks like', () => {
    expect(codeFromJoinPath('/join/k7qf2mxa/')).toBe('K7QF2MXA');
    expect(codeFromJoinPath('/join/%E0%A4%A')).toBeNull();
    expect(codeFromJoinPath('/join/<script>')).toBeNull();
    expect(codeFromJoinPath('/join/')).toBeNull();
    expect(parseRoute('/join/%zz')).toEqual({ name: 'not-found', path: '/join/%zz' });
  });
});

describe('reclaim links', () => {
  it('carry the code, and the reclaim route reads it back', () => {
    const link = reclaimLink('https://drills.example', 'ABCD2345');
    expect(parseRoute(new URL(link).pathname)).toEqual({ name: 'reclaim', code: 'ABCD2345' });
    expect(parseRoute('/reclaim')).toEqual({ name: 'reclaim', code: '' });
    expect(codeFromReclaimPath('/reclaim/abcd2345/')).toBe('ABCD2345');
    expect(codeFromReclaimPath('/reclaim/ABC')).toBeNull();
  });
});
