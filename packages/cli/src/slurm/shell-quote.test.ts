import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellJoin, shellQuote } from './shell-quote';

/** Has bash print each word of `line` NUL-terminated, so we can compare what the shell read. */
function wordsFromBash(line: string): string[] {
  const r = spawnSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\0').slice(0, -1);
}

const HOSTILE = [
  'plain',
  '',
  'with space',
  "it's",
  "''",
  '"double"',
  '$(touch /tmp/bench-pwned)',
  '`id`',
  '${HOME}',
  'a;b && c || d | e',
  'line1\nline2\n',
  'back\\slash\\',
  'tab\there',
  '*?[a]~',
  '!history',
  "'; rm -rf / #",
  'ünïcødé ✓',
  '\r\x1b[31m',
];

describe('shellQuote', () => {
  it('round-trips hostile strings through bash unchanged, one word each', () => {
    expect(wordsFromBash(shellJoin(HOSTILE))).toEqual(HOSTILE);
  });

  it('leaves simple values readable', () => {
    expect(shellQuote('gpu:1')).toBe('gpu:1');
    expect(shellQuote('/work/out/logs')).toBe('/work/out/logs');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  it('rejects NUL, which no argv entry can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});
