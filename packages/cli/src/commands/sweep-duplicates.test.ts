import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RESULTS_SCHEMA_VERSION, hostInfo } from '@bench/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleFixture } from '../../../core/src/runner/__fixtures__/bundle-fixture';
import { sweepAction } from './sweep';

let worker: string;
beforeAll(async () => {
  worker = await bundleFixture(resolve(__dirname, '../../../core/src/runner/__fixtures__/worker.ts'));
});
afterEach(() => vi.restoreAllMocks());

describe('bench sweep names duplicated cells', () => {
  it('warns, and lists them in --json, when the results file has a cell twice', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-dup-')), 'r.jsonl');
    const cellId = 'fixture/a/bs8/r0';
    const run = {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      runId: cellId,
      cellId,
      experiment: 'fixture',
      backend: 'a',
      device: 'cpu',
      batchSize: 8,
      params: 1,
      repeat: 0,
      kind: 'run',
      status: 'ok',
      epochs: 1,
      totalSeconds: 1,
      peakRssBytes: 1,
      startedAt: new Date(0).toISOString(),
      host: hostInfo(),
    };
    writeFileSync(out, `${JSON.stringify(run)}\n${JSON.stringify({ ...run, runId: 'again' })}\n`);
    const stdout: string[] = [];
    const stderr: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      stdout.push(String(c));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      stderr.push(String(c));
      return true;
    });
    const code = await sweepAction(undefined, {
      experiment: 'fixture',
      backends: 'a',
      batchSizes: '8',
      epochs: '1',
      out,
      resume: true,
      json: true,
      worker,
      gpuTelemetry: false,
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout.join('')).duplicateCells).toEqual([{ cellId, runs: 2 }]);
    expect(stderr.join('')).toMatch(
      /1 cell\(s\) have more than one run record: fixture\/a\/bs8\/r0 \(2 runs\)/,
    );
  });
});
