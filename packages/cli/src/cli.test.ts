import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { readRecords } from '@bench/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './main';

let out: string[] = [];
let err: string[] = [];

beforeEach(() => {
  out = [];
  err = [];
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const bench = (...args: string[]) => main(['node', 'bench', ...args]);

describe('bench CLI', () => {
  it('doctor --json lists reference as available', async () => {
    expect(await bench('doctor', '--json')).toBe(0);
    const report = JSON.parse(out.join(''));
    const ref = report.backends.find((b: { name: string }) => b.name === 'reference');
    expect(ref.available).toBe(true);
    expect(ref.device).toMatch(/cpu/);
  });

  it('--adapter loads examples/custom-backend: doctor lists naive-js from --adapter, and bench run trains on it', async () => {
    const adapter = join(__dirname, '../../../examples/custom-backend/src/index.ts');
    const before = process.env.BENCH_ADAPTERS;
    try {
      expect(await bench('--adapter', adapter, 'doctor', '--json')).toBe(0);
      const report = JSON.parse(out.join(''));
      const naive = report.backends.find((b: { name: string }) => b.name === 'naive-js');
      expect(naive).toMatchObject({ available: true, from: '--adapter' });
      const file = join(mkdtempSync(join(tmpdir(), 'bench-cli-')), 'r.jsonl');
      expect(
        await bench('run', 'e3', '--backend', 'naive-js', '--layers', '2', '--epochs', '1', '--out', file),
      ).toBe(0);
      const runs = readRecords(file).records.filter((r) => r.kind === 'run');
      expect(runs.map((r) => [r.backend, r.status])).toEqual([['naive-js', 'ok']]);
    } finally {
      if (before === undefined) Reflect.deleteProperty(process.env, 'BENCH_ADAPTERS');
      else process.env.BENCH_ADAPTERS = before;
    }
  });

  it('unknown experiment: exit 2 listing valid experiments', async () => {
    expect(await bench('run', 'e9')).toBe(2);
    expect(err.join('')).toMatch(/unknown experiment "e9"; valid experiments: .*e3/);
  });

  it('unknown backend: exit 2 listing registered backends', async () => {
    expect(await bench('run', 'e3', '--backend', 'nope')).toBe(2);
    expect(err.join('')).toMatch(/unknown backend "nope"; registered backends: .*reference/);
  });

  it('malformed option and unknown option: exit 2', async () => {
    expect(await bench('run', 'e3', '--layers', '2,x')).toBe(2);
    expect(err.join('')).toMatch(/--layers expects a comma-separated list of positive integers, got "2,x"/);
    expect(await bench('run', 'e3', '--bogus')).toBe(2);
    expect(await bench('frobnicate')).toBe(2);
  });

  it('run e3 prints the fastai table and a summary whose columns match its header', async () => {
    expect(await bench('run', 'e3', '--backend', 'reference', '--layers', '2', '--epochs', '2')).toBe(0);
    const text = stripVTControlCharacters(out.join(''));
    expect(text).toMatch(/epoch\s+train_loss\s+valid_loss\s+error_rate\s+time/);
    const rows = text.split('\n').filter((l) => l.startsWith('│'));
    const cells = (l: string) => l.split('│').length;
    expect(rows[0]).toContain('median s/epoch');
    expect(rows.every((r) => cells(r) === cells(rows[0]!))).toBe(true);
  });

  it('run e3 on the reference backend writes valid records and a JSON summary', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-cli-')), 'r.jsonl');
    const code = await bench(
      'run',
      'e3',
      '--backend',
      'reference',
      '--layers',
      '2,4',
      '--epochs',
      '3',
      '--out',
      file,
      '--json',
    );
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const summary = JSON.parse(out.join(''));
    expect(summary.runs).toHaveLength(2);
    expect(summary.runs.every((r: { status: string }) => r.status === 'ok')).toBe(true);
    const { records, invalid } = readRecords(file);
    expect(invalid).toEqual([]);
    expect(records.filter((r) => r.kind === 'epoch')).toHaveLength(6);
    const runs = records.filter((r) => r.kind === 'run');
    expect(runs.map((r) => r.params)).toEqual([22, 230]);
    // Warm-up is reported apart: compile time, the first epoch, and the steady-state median.
    for (const r of runs) {
      expect(r.warmupSeconds).toBeTypeOf('number');
      expect(r.firstEpochSeconds).toBeTypeOf('number');
      expect(r.medianEpochSeconds).toBeTypeOf('number');
    }
  });
});
