import { spawnSync } from 'node:child_process';
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
import { afterAll, describe, expect, it } from 'vitest';
import { arraySpec, renderJobScript } from './job-script';
import { readManifest } from './manifest';
import { prepareSlurmJob } from './prepare-job';

const root = mkdtempSync(join(tmpdir(), 'bench-slurm-script-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Payloads that would create a file in `sentinels/` if any shell ever executed them. */
const sentinels = join(root, 'sentinels');
mkdirSync(sentinels);
const payloads = (tag: string) => [
  `$(touch ${sentinels}/${tag}-dollar)`,
  `\`touch ${sentinels}/${tag}-backtick\``,
  `'; touch ${sentinels}/${tag}-quote; echo '`,
  `"; touch ${sentinels}/${tag}-dquote; echo "`,
  `x\ntouch ${sentinels}/${tag}-newline\n`,
  `a;touch ${sentinels}/${tag}-semicolon`,
  `|| touch ${sentinels}/${tag}-or & \\`,
];

describe('bench slurm job script', () => {
  it('treats hostile plan strings, folder and paths as data when bash runs it', () => {
    const plan = {
      experiment: `e3${payloads('exp').join('')}`,
      backends: payloads('backend'),
      batchSizes: [100],
      models: [`m ${payloads('model')[0]}`, `m ${payloads('model')[4]}`],
      epochs: 1,
      options: { data: payloads('option').join(' ') },
    };
    const planFile = join(root, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const out = join(root, `out dir 'q' "$(touch ${sentinels}/dir)" \`x\` ; %a\nnl`);
    const stubDir = join(root, `stub bin 'q' $(touch ${sentinels}/stub)`);
    mkdirSync(stubDir, { recursive: true });
    const stub = join(stubDir, 'node');
    // The fake node records its argv, NUL-separated, in a file per array task.
    writeFileSync(stub, `#!/bin/bash\nprintf '%s\\0' "$@" > "$ARGV_DIR/task-$SLURM_ARRAY_TASK_ID"\n`);
    chmodSync(stub, 0o755);
    const cli = join(root, `cli's $(touch ${sentinels}/cli)/bench.mjs`);
    const manifest = prepareSlurmJob({
      planFile,
      out,
      node: stub,
      cli,
      sbatch: { partition: 'debug', time: '00:10:00' },
    });
    expect(manifest.cells.length).toBe(14);

    // #SBATCH lines: one option each, no whitespace or quotes inside (sbatch parses them itself).
    const script = readFileSync(join(out, 'job.sbatch'), 'utf8');
    const directives = script.split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(directives).toContain('#SBATCH --array=0-13');
    expect(directives).toContain('#SBATCH --output=logs/task-%a.out');
    for (const d of directives) expect(d).toMatch(/^#SBATCH --[a-z-]+=[A-Za-z0-9_.:%/+,-]+$/);
    expect(script).toContain('#SBATCH --job-name=bench-e3_');

    const argvDir = join(root, 'argv');
    mkdirSync(argvDir);
    for (const c of manifest.cells) {
      const r = spawnSync('bash', [join(out, 'job.sbatch')], {
        cwd: root,
        env: { ...process.env, SLURM_ARRAY_TASK_ID: String(c.index), ARGV_DIR: argvDir },
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const label = `${(c.cell as { experiment: string }).experiment} backend=${(c.cell as { backend: string }).backend}`;
      expect(r.stdout).toContain(label);
      const argv = readFileSync(join(argvDir, `task-${c.index}`), 'utf8')
        .split('\0')
        .slice(0, -1);
      expect(argv).toEqual([cli, 'slurm', 'run-task', out, String(c.index), '--cell-id', c.id]);
    }
    expect(readdirSync(sentinels)).toEqual([]);
    // The folder's name reached the manifest intact too.
    expect(readManifest(out).dir).toBe(out);
  });

  it('refuses an index outside the array and a run without SLURM_ARRAY_TASK_ID', () => {
    const dir = join(root, 'plain');
    mkdirSync(dir);
    const file = join(dir, 'job.sbatch');
    writeFileSync(
      file,
      renderJobScript({
        dir,
        node: '/bin/false',
        cli: 'x',
        sbatch: {},
        tasks: [{ index: 0, cellId: 'a', label: 'a' }],
      }),
    );
    const outside = spawnSync('bash', [file], {
      env: { ...process.env, SLURM_ARRAY_TASK_ID: '5' },
      encoding: 'utf8',
    });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toMatch(/array index 5 has no cell/);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'SLURM_ARRAY_TASK_ID'));
    const unset = spawnSync('bash', [file], { env, encoding: 'utf8' });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toMatch(/submit this script with sbatch/);
  });

  it('uses absolute log paths for plain folders and writes validated sbatch options', () => {
    const script = renderJobScript({
      dir: '/scratch/me/bench-e3',
      node: '/usr/bin/node',
      cli: '/opt/bench/bin/bench.mjs',
      sbatch: { partition: 'gpu', gres: 'gpu:1', mem: '16G', cpusPerTask: 4, maxParallel: 2 },
      tasks: [0, 1, 2].map((index) => ({ index, cellId: `c${index}`, label: `c${index}` })),
    });
    expect(script).toContain('#SBATCH --array=0-2%2\n');
    expect(script).toContain('#SBATCH --output=/scratch/me/bench-e3/logs/task-%a.out\n');
    expect(script).toContain('#SBATCH --gres=gpu:1\n#SBATCH --cpus-per-task=4\n');
    expect(script).not.toContain('Log paths are relative');
  });

  it('writes array specs as ranges or lists', () => {
    expect(arraySpec([0, 1, 2, 3])).toBe('0-3');
    expect(arraySpec([7, 3])).toBe('3,7');
    expect(arraySpec([4])).toBe('4');
    expect(arraySpec([3, 4, 5], 2)).toBe('3-5%2');
    expect(() => arraySpec([])).toThrow(/at least one index/);
  });

  it('refuses to overwrite a submitted folder without --force', () => {
    const planFile = join(root, 'plan2.json');
    writeFileSync(
      planFile,
      JSON.stringify({
        experiment: 'e3',
        backends: ['reference'],
        batchSizes: [100],
        layers: [2],
        epochs: 1,
      }),
    );
    const out = join(root, 'submitted');
    const m = prepareSlurmJob({ planFile, out });
    writeFileSync(
      join(out, 'manifest.json'),
      JSON.stringify({ ...m, jobs: [{ jobId: '12', indices: [0], submittedAt: 'now' }] }),
    );
    expect(() => prepareSlurmJob({ planFile, out })).toThrow(
      /already holds a submitted bench slurm job.*--force/,
    );
    expect(prepareSlurmJob({ planFile, out, force: true }).jobs).toEqual([]);
    expect(existsSync(join(out, 'records'))).toBe(true);
  });

  it('rejects a bad plan and bad sbatch options before writing anything', () => {
    const planFile = join(root, 'bad.json');
    writeFileSync(planFile, JSON.stringify({ experiment: 'e3', backends: [], batchSizes: [100], epochs: 1 }));
    expect(() => prepareSlurmJob({ planFile, out: join(root, 'bad') })).toThrow(
      /invalid sweep plan: backends/,
    );
    writeFileSync(
      planFile,
      JSON.stringify({ experiment: 'e3', backends: ['reference'], batchSizes: [100], epochs: 1 }),
    );
    expect(() =>
      prepareSlurmJob({ planFile, out: join(root, 'bad'), sbatch: { partition: 'a\n#SBATCH --uid=0' } }),
    ).toThrow(/--partition/);
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });
});
