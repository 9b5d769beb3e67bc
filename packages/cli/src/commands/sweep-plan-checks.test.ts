/**
 * `bench sweep`'s plan checks happen before any cell runs, and the plan's own faults are usage
 * errors (exit 2): duplicate cells, too many cells, layer counts outside E3's 2..12. A plan saved
 * with a UTF-8 byte-order mark is accepted. A folder as --out is refused up front.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main';
import { planFromOptions } from './sweep';

const dir = () => mkdtempSync(join(tmpdir(), 'bench-plan-'));
const base = { experiment: 'e3', backends: ['reference'], batchSizes: [100], layers: [2], epochs: 1 };

function planFile(plan: unknown, bom = false): string {
  const file = join(dir(), 'plan.json');
  writeFileSync(file, `${bom ? '\uFEFF' : ''}${JSON.stringify(plan)}`);
  return file;
}

let stderr: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  stderr = [];
});
const run = (args: string[]) => {
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    stderr.push(String(c));
    return true;
  });
  return main(['node', 'bench', 'sweep', ...args]);
};

describe('bench sweep plan checks', () => {
  it('accepts a plan file with a UTF-8 byte-order mark', () => {
    expect(planFromOptions(planFile(base, true), { out: 'r.jsonl' })).toMatchObject({ layers: [2] });
  });
  it('exits 2 on a plan with duplicate cells, naming the cell', async () => {
    const file = planFile({ ...base, backends: ['reference', 'reference'] });
    expect(await run([file, '--out', join(dir(), 'r.jsonl')])).toBe(2);
    expect(stderr.join('')).toMatch(/cell "e3\/reference\/bs100\/l2\/r0" appears twice/);
  });
  it('exits 2 on layer counts outside 2..12, before any cell runs', async () => {
    const file = planFile({ ...base, layers: [2, 13, 1] });
    expect(await run([file, '--out', join(dir(), 'r.jsonl')])).toBe(2);
    expect(stderr.join('')).toMatch(/layers\.1: layer counts go from 2 to 12/);
    expect(stderr.join('')).toMatch(/layers\.2: layer counts go from 2 to 12/);
  });
  it('exits 2 on a plan of a million cells, naming the count and the cap', async () => {
    const file = planFile({
      ...base,
      batchSizes: Array.from({ length: 1000 }, (_, i) => i + 1),
      repeats: 1000,
    });
    expect(await run([file, '--out', join(dir(), 'r.jsonl')])).toBe(2);
    expect(stderr.join('')).toMatch(/expands to 1000000 cells .* more than the 10000 a plan may have/);
  });
  it('needs --resume for --retry-failed', async () => {
    expect(await run([planFile(base), '--retry-failed', '--out', join(dir(), 'r.jsonl')])).toBe(2);
    expect(stderr.join('')).toMatch(/--retry-failed needs --resume/);
  });
  it('refuses a folder as --out before running a cell', async () => {
    const out = dir();
    expect(await run([planFile(base), '--out', out, '--worker', __filename])).toBe(1);
    expect(stderr.join('')).toMatch(/EISDIR.*is a folder; pass a file path/);
  });
});
