import { describe, expect, test } from 'vitest';
import { safeReturnPath } from '../../src/web/return-path.ts';

describe('safeReturnPath', () => {
  const longest = `/${'a'.repeat(2047)}`; // 2048 characters: as long as a return path may be

  test.for<[string, unknown, string]>([
    ['a path of exactly 2048 characters is kept', longest, longest],
    ['one character more is not one of ours', `${longest}a`, '/'],
    ['a plain path with its query', '/dashboard?month=2026-11', '/dashboard?month=2026-11'],
    ['another host, protocol-relative', '//evil.example/x', '/'],
    ['another host, through a backslash', '/\\evil.example', '/'],
    ['another host, absolute', 'https://evil.example/', '/'],
    ['dot segments that make //host', '/.//evil.example', '/'],
    ['a control character', '/a\nb', '/'],
    ['not a string', ['/dashboard'], '/'],
    ['non-ASCII, percent-encoded for the Location header', '/café', '/caf%C3%A9'],
  ])('%s', ([, value, expected]) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  test('the fallback is the caller’s when given', () => {
    expect(safeReturnPath('//evil.example', '/dashboard')).toBe('/dashboard');
  });
});
