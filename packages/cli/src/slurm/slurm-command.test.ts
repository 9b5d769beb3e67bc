import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerSlurmCommand } from '../commands/slurm';

const root = mkdtempSync(join(tmpdir(), 'bench-slurm-cmd-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function bench(...args: string[]): Promise<string> {
  const program = new Command('bench').exitOverride();
  registerSlurmCommand(program);
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  try {
    await program.parseAsync(['node', 'bench', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('bench slurm command line', () => {
  const planFile = join(root, 'plan.json');
  writeFileSync(
    planFile,
    JSON.stringify({
      experiment: 'e3',
      backends: ['reference'],
      batchSizes: [100],
      layers: [2, 3],
      epochs: 1,
    }),
  );
  const dir = join(root, 'job');

  it('writes the job folder with the sbatch flags given', async () => {
    const out = await bench(
      'slurm',
      planFile,
      '--out',
      dir,
      '--partition',
      'gpu',
      '--gres',
      'gpu:1',
      '--cpus-per-task',
      '2',
      '--time',
      '01:00:00',
      '--mem',
      '16G',
      '--account',
      'proj',
      '--qos',
      'normal',
      '--max-parallel',
      '1',
    );
    expect(out).toMatch(/a job array of 2 tasks/);
    const script = readFileSync(join(dir, 'job.sbatch'), 'utf8');
    for (const line of [
      '--array=0-1%1',
      '--partition=gpu',
      '--gres=gpu:1',
      '--cpus-per-task=2',
      '--time=01:00:00',
      '--mem=16G',
      '--account=proj',
      '--qos=normal',
    ]) {
      expect(script).toContain(`#SBATCH ${line}\n`);
    }
  });

  it('rejects bad values with the flag named, and a missing --out', async () => {
    await expect(bench('slurm', planFile, '--out', join(root, 'x'), '--time', '1 hour')).rejects.toThrow(
      /--time "1 hour"/,
    );
    await expect(
      bench('slurm', planFile, '--out', join(root, 'x'), '--cpus-per-task', 'two'),
    ).rejects.toThrow(/--cpus-per-task expects a positive integer/);
    await expect(bench('slurm', planFile)).rejects.toThrow(/needs --out DIR/);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });

  it('passes subcommand options to the subcommand (merge --output, status --json)', async () => {
    const output = join(root, 'merged.jsonl');
    const prev = process.exitCode;
    await bench('slurm', 'merge', dir, '--output', output);
    expect(process.exitCode).toBe(1); // nothing ran yet: both tasks missing
    process.exitCode = prev;
    expect(existsSync(output)).toBe(true);
    const status = JSON.parse(await bench('slurm', 'status', dir, '--json', '--no-scheduler'));
    expect(status.tasks.map((t: { state: string }) => t.state)).toEqual(['not-submitted', 'not-submitted']);
  });
});
