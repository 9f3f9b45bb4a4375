import { describe, expect, it } from 'vitest';
import { portablePathProblem } from './portable-path.js';

describe('portablePathProblem', () => {
  it('names what could lead out of the folder on POSIX or Windows', () => {
    expect(portablePathProblem('')).toBe('empty');
    expect(portablePathProblem('a/\u001b[2Jb.md')).toBe('a control character');
    expect(portablePathProblem('a\\..\\b.md')).toBe('a backslash');
    expect(portablePathProblem('/etc/passwd')).toBe('an absolute path');
    expect(portablePathProblem('C:x.md')).toBe('a drive letter');
    expect(portablePathProblem('a//b.md')).toBe('an empty segment');
    expect(portablePathProblem('a/./b.md')).toBe('a "." segment');
    expect(portablePathProblem('a/../../b.md')).toBe('a ".." segment');
  });

  it('accepts a relative path of plain segments, dots inside names included', () => {
    expect(portablePathProblem('新闻/a..b/.hidden/c.md')).toBeNull();
  });
});
