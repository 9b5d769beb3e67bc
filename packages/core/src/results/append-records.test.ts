import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFixture } from '../runner/__fixtures__/bundle-fixture';
import { appendLinesAtomically, checkResultsWritable } from './append-records';
import { readRecords } from './jsonl';

const tmp = () => mkdtempSync(join(tmpdir(), 'bench-append-'));

let child: string;
beforeAll(async () => {
  child = await bundleFixture(join(__dirname, '__fixtures__', 'append-child.ts'));
});

describe('checkResultsWritable', () => {
  it('refuses a folder as --out with EISDIR, the path and the fix', () => {
    const dir = tmp();
    expect(() => checkResultsWritable(dir)).toThrow(/EISDIR.*is a folder; pass a file path/);
    expect(() => checkResultsWritable(dir)).toThrow(dir);
  });
  it('refuses a device such as /dev/full', () => {
    expect(() => checkResultsWritable('/dev/full')).toThrow(/not a regular file/);
  });
  it('refuses a path under a file (ENOTDIR) and leaves no empty file behind for a good path', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), 'x');
    expect(() => checkResultsWritable(join(dir, 'f', 'out.jsonl'))).toThrow(/cannot write results file/);
    checkResultsWritable(join(dir, 'sub', 'ok.jsonl'));
    expect(existsSync(join(dir, 'sub', 'ok.jsonl'))).toBe(false);
  });
});

describe('appendLinesAtomically', () => {
  it('starts an append on a fresh line after a torn tail, so no record is glued onto it', () => {
    const out = join(tmp(), 'r.jsonl');
    writeFileSync(out, '{"kind":"epoch","torn');
    appendLinesAtomically(out, '{"a":1}\n');
    expect(readFileSync(out, 'utf8')).toBe('{"kind":"epoch","torn\n{"a":1}\n');
  });
  it('names ENOSPC, the path and the fix when the disk is full (/dev/full)', () => {
    expect(() => appendLinesAtomically('/dev/full', '{"a":1}\n')).toThrow(
      /"\/dev\/full" \(ENOSPC\).*disk holding "\/dev\/full" is full; free some space or pass --out/,
    );
  });
  it.runIf(process.platform === 'linux')(
    'rolls a short write back to the previous size (real short write under ulimit -f)',
    () => {
      const dir = tmp();
      const out = join(dir, 'r.jsonl');
      const first = execFileSync('bash', ['-c', `"${process.execPath}" "${child}" "${out}" 1`], {
        encoding: 'utf8',
      });
      expect(first.trim()).toBe('OK');
      const size = statSync(out).size;
      // ulimit -f counts 1024-byte blocks: 8 KB lets the 10 KB cell start and then cut it short.
      const second = execFileSync(
        'bash',
        ['-c', `ulimit -f 8; "${process.execPath}" "${child}" "${out}" 10`],
        { encoding: 'utf8' },
      );
      expect(second).toMatch(
        /BenchError.ResultsWrite: .*\(EFBIG\).*rolled back \(file truncated to its previous \d+ bytes\)/,
      );
      expect(statSync(out).size).toBe(size);
      expect(readRecords(out)).toMatchObject({ invalid: [] });
      expect(readRecords(out).records).toHaveLength(1);
    },
  );
  it('creates the folder of a new results file', () => {
    const out = join(tmp(), 'a', 'b', 'r.jsonl');
    mkdirSync(join(out, '..', '..'), { recursive: true });
    appendLinesAtomically(out, 'x\n');
    expect(readFileSync(out, 'utf8')).toBe('x\n');
  });
});
