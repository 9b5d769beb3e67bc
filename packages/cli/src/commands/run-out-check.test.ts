import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main';

afterEach(() => vi.restoreAllMocks());

describe('bench run --out', () => {
  it('refuses a folder as --out before any run, naming the path and the fix', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-run-out-'));
    const err: string[] = [];
    const cap = (c: string | Uint8Array) => {
      err.push(String(c));
      return true;
    };
    vi.spyOn(process.stderr, 'write').mockImplementation(cap);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(cap);
    const code = await main([
      'node',
      'bench',
      'run',
      'e3',
      '--backend',
      'reference',
      '--epochs',
      '1',
      '--out',
      out,
    ]);
    expect(code).toBe(1);
    expect(err.join('')).toMatch(
      new RegExp(`cannot write results file "${out}" \\(EISDIR\\).*pass a file path`),
    );
    expect(err.join('')).not.toMatch(/epoch/); // nothing trained
    stdout.mockRestore();
  });
});
