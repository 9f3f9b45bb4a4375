import { describe, expect, it } from 'vitest';
import { fetchJobId, readFetchJob } from './fetch-job.js';
import { FetchJobDataError } from './queue-errors.js';

const DUE = '2026-12-06T10:00:00.000Z';

describe('fetchJobId', () => {
  it('is the same UUID for the same source and due time, wherever it is computed', () => {
    expect(fetchJobId('https://a.cn/feed', DUE)).toBe(fetchJobId('https://a.cn/feed', DUE));
    expect(fetchJobId('https://a.cn/feed', DUE)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('differs for another due time or another source, even where joining them would collide', () => {
    const ids = new Set([
      fetchJobId('https://a.cn/feed', DUE),
      fetchJobId('https://a.cn/feed', '2026-12-06T10:00:00.001Z'),
      fetchJobId('https://a.cn/feed2', DUE),
      fetchJobId('https://a.cn/feed\u00002026', '-12-06T10:00:00.000Z'),
    ]);
    expect(ids.size).toBe(4);
  });
});

describe('readFetchJob', () => {
  it('takes what the scheduler writes', () => {
    const data = { sourceKey: 'k', dueAt: DUE, after: '2026-12-06T09:00:00.000Z' };
    expect(readFetchJob('j1', data)).toEqual(data);
    expect(readFetchJob('j1', { ...data, after: null }).after).toBeNull();
  });

  it.each([
    ['no object', null, 'its data is not an object'],
    ['a missing key', { dueAt: DUE, after: null }, 'sourceKey'],
    ['an empty key', { sourceKey: '', dueAt: DUE, after: null }, 'sourceKey'],
    ['a local time', { sourceKey: 'k', dueAt: '2026-12-06T10:00:00', after: null }, 'dueAt'],
    ['an impossible date', { sourceKey: 'k', dueAt: '2026-13-40T10:00:00Z', after: null }, 'dueAt'],
    ['a number as after', { sourceKey: 'k', dueAt: DUE, after: 5 }, 'after'],
    ['a missing after', { sourceKey: 'k', dueAt: DUE }, 'after'],
  ])('refuses %s, naming the job and the field', (_, data, field) => {
    const read = (): unknown => readFetchJob('job-7', data);
    expect(read).toThrow(FetchJobDataError);
    expect(read).toThrow(new RegExp(`^fetch job job-7: .*${field}`));
  });
});
