import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS_SCHEMA_VERSION, appendRecords, readRecords } from '@bench/core';
import type { ResultRecord, RunStatus } from '@bench/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest, writeManifest } from './manifest';
import { describeGaps, mergeSlurmRecords, writeMergedRecords } from './merge';
import { prepareSlurmJob } from './prepare-job';
import { parseArrayJobId } from './scheduler';
import { resubmitSlurmTasks } from './submit-job';
import { taskRecordsPath } from './task-records';
import { collectStatus, formatStatus, resubmittable } from './task-status';

const root = mkdtempSync(join(tmpdir(), 'bench-slurm-status-'));
const bin = join(root, 'bin');
const savedPath = process.env.PATH;

/** Writes a fake Slurm command that logs its argv and prints `output` (exit `code`). */
function fakeCommand(name: string, output: string, code = 0): void {
  writeFileSync(
    join(bin, name),
    `#!/bin/bash\nprintf '%s\\n' "$*" >> ${JSON.stringify(join(root, `${name}.calls`))}\ncat <<'OUT'\n${output}\nOUT\nexit ${code}\n`,
  );
  chmodSync(join(bin, name), 0o755);
}

function records(cellId: string, status: RunStatus): ResultRecord[] {
  const id = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: `run-${cellId}-${status}`,
    cellId,
    experiment: 'e3',
    backend: 'reference',
    device: 'cpu',
    batchSize: 100,
    params: 10,
    layers: 2,
  };
  return [
    {
      ...id,
      kind: 'epoch',
      epoch: 1,
      trainLoss: 0.5,
      validLoss: null,
      errorRate: null,
      seconds: 0.1,
      samplesPerSecond: 10,
      timestamp: '2024-01-01T00:00:00Z',
    },
    {
      ...id,
      kind: 'run',
      status,
      ...(status === 'ok' ? {} : { error: 'boom' }),
      epochs: 1,
      totalSeconds: 1,
      peakRssBytes: 1,
      startedAt: '2024-01-01T00:00:00Z',
      host: { hostname: 'h', platform: 'linux', cpus: 1, node: 'v20' },
    },
  ];
}

let dir: string;
beforeAll(() => {
  mkdirSync(bin);
  process.env.PATH = `${bin}:${savedPath}`;
  const planFile = join(root, 'plan.json');
  writeFileSync(
    planFile,
    JSON.stringify({
      experiment: 'e3',
      backends: ['reference'],
      batchSizes: [100],
      layers: [2, 3, 4, 5],
      epochs: 1,
    }),
  );
  dir = prepareSlurmJob({ planFile, out: join(root, 'job') }).dir;
  const m = readManifest(dir);
  writeManifest(dir, { ...m, jobs: [{ jobId: '100', indices: [0, 1, 2, 3], submittedAt: 'x' }] });
  const id = (i: number) => m.cells[i]!.id;
  appendRecords(taskRecordsPath(dir, 0), records(id(0), 'ok'));
  appendRecords(taskRecordsPath(dir, 1), records(id(1), 'oom'));
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(root, { recursive: true, force: true });
});

describe('bench slurm status, resubmit and merge', () => {
  it('combines records with squeue and sacct states', async () => {
    fakeCommand('squeue', '100_3|RUNNING|None');
    fakeCommand(
      'sacct',
      '100_0|COMPLETED|0:0\n100_1|FAILED|1:0\n100_2|OUT_OF_MEMORY|0:125\n100_3|RUNNING|0:0',
    );
    const status = await collectStatus(dir);
    expect(status.tasks.map((t) => t.state)).toEqual(['done', 'failed', 'failed', 'running']);
    expect(status.tasks[1]!.detail).toBe('run oom: boom');
    expect(status.tasks[2]!.detail).toMatch(/slurm OUT_OF_MEMORY .*no run record/);
    expect(resubmittable(status)).toEqual([1, 2]);
    expect(formatStatus(status)).toMatch(/4 tasks: 1 done, 2 failed, 1 running/);
    expect(readFileSync(join(root, 'squeue.calls'), 'utf8')).toContain('-j 100');
  });

  it('works from records alone when accounting is disabled and the queue is empty', async () => {
    fakeCommand('squeue', 'slurm_load_jobs error: Invalid job id specified', 1);
    fakeCommand('sacct', 'Slurm accounting storage is disabled', 1);
    const status = await collectStatus(dir);
    expect(status.tasks.map((t) => t.state)).toEqual(['done', 'failed', 'missing', 'missing']);
    expect(status.notes.join('\n')).toMatch(/sacct unavailable: Slurm accounting storage is disabled/);
  });

  it('merges task files in order, flagging missing and failed tasks', () => {
    const merged = mergeSlurmRecords(dir);
    expect(merged.total).toBe(4);
    expect(merged.records.map((r) => `${r.cellId}:${r.kind}`)).toEqual([
      'e3/reference/bs100/l2/r0:epoch',
      'e3/reference/bs100/l2/r0:run',
      'e3/reference/bs100/l3/r0:epoch',
      'e3/reference/bs100/l3/r0:run',
    ]);
    expect(merged.missing.map((t) => t.index)).toEqual([2, 3]);
    expect(merged.failed).toEqual([
      { index: 1, cellId: 'e3/reference/bs100/l3/r0', status: 'oom', error: 'boom' },
    ]);
    expect(describeGaps(merged)).toHaveLength(3);
    const out = join(root, 'merged.jsonl');
    expect(writeMergedRecords(out, merged.records)).toBe(4);
    expect(readRecords(out).records).toHaveLength(4);
  });

  it('resubmits only the given indices, moving their old records aside', async () => {
    fakeCommand('sbatch', '101');
    const job = await resubmitSlurmTasks(dir, [1, 2]);
    expect(job.jobId).toBe('101');
    expect(readFileSync(join(root, 'sbatch.calls'), 'utf8').trim()).toBe('--parsable --array=1-2 job.sbatch');
    expect(existsSync(taskRecordsPath(dir, 1))).toBe(false);
    expect(readdirSync(join(dir, 'records', 'attempts'))).toHaveLength(1);
    expect(readManifest(dir).jobs.map((j) => [j.jobId, j.indices])).toEqual([
      ['100', [0, 1, 2, 3]],
      ['101', [1, 2]],
    ]);
    // The status now follows job 101 for indices 1 and 2.
    fakeCommand('squeue', '101_1|PENDING|Resources\n101_2|PENDING|Resources');
    const status = await collectStatus(dir);
    expect(status.tasks.map((t) => `${t.jobId}:${t.state}`)).toEqual([
      '100:done',
      '101:pending',
      '101:pending',
      '100:missing',
    ]);
  });

  it('moves records back when sbatch refuses the job, and says why', async () => {
    appendRecords(taskRecordsPath(dir, 3), records(readManifest(dir).cells[3]!.id, 'failed'));
    fakeCommand('sbatch', 'sbatch: error: invalid partition specified: nope', 1);
    await expect(resubmitSlurmTasks(dir, [3])).rejects.toThrow(/invalid partition specified.*sinfo/s);
    expect(existsSync(taskRecordsPath(dir, 3))).toBe(true);
    await expect(resubmitSlurmTasks(dir, [9])).rejects.toThrow(/array indices 9 are not in/);
  });

  it('parses squeue/sacct array job ids', () => {
    expect(parseArrayJobId('12_3')).toEqual({ jobId: '12', indices: [3] });
    expect(parseArrayJobId('12_[4-6,9%2]')).toEqual({ jobId: '12', indices: [4, 5, 6, 9] });
    expect(parseArrayJobId('12')).toBeUndefined();
    expect(parseArrayJobId('12.batch')).toBeUndefined();
  });
});
