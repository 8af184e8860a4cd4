import { describe, expect, it } from 'vitest';
import { filterLogs, parseLogQuery } from './log-filter.ts';

const lines = [
  { t: 1, stream: 'api', text: 'GET /items 200', level: 'info' },
  { t: 2, stream: 'api', text: 'GET /items timeout', level: 'error' },
  { t: 3, stream: 'dns', text: 'SERVFAIL example.com', level: 'warn' },
  { t: 4, stream: 'api', text: 'health check ok', level: 'debug' },
];

describe('log filter', () => {
  it('keeps lines containing every word', () => {
    expect(filterLogs(lines, parseLogQuery('get ITEMS')).map((l) => l.t)).toEqual([1, 2]);
  });

  it('drops lines with an excluded word', () => {
    expect(filterLogs(lines, parseLogQuery('-timeout -health')).map((l) => l.t)).toEqual([1, 3]);
  });

  it('filters by minimum level and stream', () => {
    expect(filterLogs(lines, parseLogQuery('level:warn')).map((l) => l.t)).toEqual([2, 3]);
    expect(filterLogs(lines, parseLogQuery('', 'dns')).map((l) => l.t)).toEqual([3]);
  });

  it('treats an unknown level as a word', () => {
    expect(parseLogQuery('level:loud').include).toEqual(['level:loud']);
  });
});
