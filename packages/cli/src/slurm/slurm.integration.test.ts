/**
 * Integration test against a real Slurm (the single-node cluster of scripts/slurm-local.sh):
 * writes a job folder for a 2-cell E3 sweep with the built CLI, submits it, waits for the array
 * to finish, checks status, merges, validates every record, then resubmits one task and merges
 * again. Skips, with the reason printed, where Slurm is not running or the built CLI has no
 * `slurm` command; a Slurm that is up but fails the job fails the test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecords, validateRecord } from '@bench/core';
import { skipUnavailableTool } from '@bench/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPackage } from './cli-package';
import { readManifest } from './manifest';

const launcher = process.env.BENCH_SLURM_CLI ?? cliPackage().bin;

function probeSlurm(): { ok: boolean; reason: string } {
  const r = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error)
    return {
      ok: false,
      reason: `sinfo not runnable (${r.error.message}); run scripts/slurm-local.sh to install and start a local Slurm`,
    };
  if (r.status !== 0)
    return {
      ok: false,
      reason: `sinfo failed (${r.stderr.trim()}); run scripts/slurm-local.sh to start slurmctld and slurmd`,
    };
  const states = r.stdout.trim().split('\n').filter(Boolean);
  if (!states.some((s) => /^(idle|mixed|allocated|completing)/.test(s)))
    return {
      ok: false,
      reason: `no usable Slurm node (sinfo states: ${states.join(', ') || 'none'}); run scripts/slurm-local.sh`,
    };
  return { ok: true, reason: '' };
}

function probeCli(): { ok: boolean; reason: string } {
  if (!existsSync(launcher))
    return { ok: false, reason: `${launcher} does not exist; build the CLI (npm run build)` };
  const r = spawnSync(process.execPath, [launcher, 'slurm', '--help'], { encoding: 'utf8', timeout: 60_000 });
  // An unregistered command still exits 0 here (the program's own help is printed instead).
  if (r.status !== 0 || !/Usage: bench slurm/.test(r.stdout)) {
    return {
      ok: false,
      reason: `the built CLI (${launcher}) has no \`slurm\` command; register registerSlurmCommand (packages/cli/src/commands/slurm.ts) in packages/cli/src/main.ts and rebuild`,
    };
  }
  return { ok: true, reason: '' };
}

const slurm = probeSlurm();
const cli = slurm.ok ? probeCli() : { ok: false, reason: '' };
const skipReason = !slurm.ok ? slurm.reason : !cli.ok ? cli.reason : '';
// skips with the reason printed, or fails where CI provisions Slurm (BENCH_REQUIRED_TOOLS)
skipUnavailableTool('slurm', !skipReason, skipReason);

const root = mkdtempSync(join(tmpdir(), 'bench-slurm-it-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bench(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Waits until none of the job's tasks is in the queue (deadline: fails the test). */
async function waitForJob(jobId: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const q = spawnSync('squeue', ['-h', '-r', '-j', jobId, '-o', '%i %T'], { encoding: 'utf8' });
    const lines = q.status === 0 ? q.stdout.trim() : '';
    if (q.status !== 0 && !/invalid job id/i.test(q.stderr)) throw new Error(`squeue failed: ${q.stderr}`);
    if (!lines) return;
    if (Date.now() > until)
      throw new Error(`job ${jobId} still queued after ${deadlineMs / 1000} s:\n${lines}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe.skipIf(Boolean(skipReason))(
  `bench slurm on a real Slurm${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('runs a 2-cell E3 sweep as a job array, merges valid records, resubmits one task', async () => {
      const planFile = join(root, 'plan.json');
      writeFileSync(
        planFile,
        JSON.stringify({
          experiment: 'e3',
          backends: ['reference'],
          batchSizes: [100],
          layers: [2, 3],
          epochs: 2,
        }),
      );
      const dir = join(root, 'job');
      const made = bench(['slurm', planFile, '--out', dir, '--time', '00:10:00', '--submit']);
      expect(made.code, made.stderr).toBe(0);
      const jobId = /submitted job (\d+)/.exec(made.stdout)?.[1];
      expect(jobId, made.stdout).toBeDefined();
      const manifest = readManifest(dir);
      expect(manifest.jobs.map((j) => j.jobId)).toEqual([jobId]);
      expect(manifest.cells.map((c) => c.id)).toEqual([
        'e3/reference/bs100/l2/r0',
        'e3/reference/bs100/l3/r0',
      ]);

      await waitForJob(jobId!, 180_000);
      const logs = () =>
        [0, 1]
          .map(
            (i) =>
              `--- task ${i}\n${['out', 'err'].map((k) => (existsSync(join(dir, 'logs', `task-${i}.${k}`)) ? readFileSync(join(dir, 'logs', `task-${i}.${k}`), 'utf8') : '')).join('\n')}`,
          )
          .join('\n');
      const status = bench(['slurm', 'status', dir, '--json']);
      expect(status.code, `${status.stdout}\n${status.stderr}\n${logs()}`).toBe(0);
      expect(
        JSON.parse(status.stdout).tasks.map((t: { state: string }) => t.state),
        logs(),
      ).toEqual(['done', 'done']);

      const merged = bench(['slurm', 'merge', dir, '--json']);
      expect(merged.code, merged.stderr).toBe(0);
      const summary = JSON.parse(merged.stdout);
      expect(summary).toMatchObject({ total: 2, missing: [], failed: [], invalid: [] });
      const lines = readFileSync(summary.output, 'utf8').trim().split('\n');
      const records = lines.map((l) => validateRecord(JSON.parse(l)));
      const runs = records.filter((r) => r.kind === 'run');
      expect(runs.map((r) => [r.cellId, r.status, r.layers, r.epochs])).toEqual([
        ['e3/reference/bs100/l2/r0', 'ok', 2, 2],
        ['e3/reference/bs100/l3/r0', 'ok', 3, 2],
      ]);
      expect(records.filter((r) => r.kind === 'epoch').length).toBeGreaterThanOrEqual(4);

      // Resubmit task 1 only: a new job with --array=1, whose records replace the old ones.
      const re = bench(['slurm', 'resubmit', dir, '--indices', '1']);
      expect(re.code, re.stderr).toBe(0);
      const reJob = /as job (\d+)/.exec(re.stdout)?.[1];
      expect(reJob).toBeDefined();
      await waitForJob(reJob!, 180_000);
      expect(readManifest(dir).jobs.map((j) => j.indices)).toEqual([[0, 1], [1]]);
      const again = bench(['slurm', 'merge', dir, '--json']);
      expect(again.code, again.stderr).toBe(0);
      const after = readRecords(JSON.parse(again.stdout).output).records.filter((r) => r.kind === 'run');
      expect(after).toHaveLength(2);
      expect(after[1]!.runId).not.toBe(runs[1]!.runId);
    });
  },
);
