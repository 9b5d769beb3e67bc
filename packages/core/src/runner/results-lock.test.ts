import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../results/jsonl';
import { acquireResultsLock, lockPathOf } from '../results/results-lock';
import { bundleFixture } from './__fixtures__/bundle-fixture';
import { repairForResume, runSweep } from './run-sweep';
import type { SweepCell } from './sweep-plan';

let worker: string;
let parent: string;
beforeAll(async () => {
  worker = await bundleFixture(join(__dirname, '__fixtures__', 'worker.ts'));
  parent = await bundleFixture(join(__dirname, '__fixtures__', 'sweep-parent.ts'));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cellOf = (name: string, options: Record<string, unknown>): SweepCell => {
  const id = `fixture/test/bs32/${name}/r0`;
  return {
    id,
    cellId: id,
    experiment: 'fixture',
    backend: 'test',
    batchSize: 32,
    epochs: 1,
    repeat: 0,
    options,
  };
};

function startParent(
  dir: string,
  cells: SweepCell[],
  out: string,
): { p: ChildProcess; output: Promise<string> } {
  const file = join(dir, `cells-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(cells));
  const p = spawn(process.execPath, [parent, worker, out, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const add = (c: string) => {
    text += c;
  };
  p.stdout?.setEncoding('utf8').on('data', add);
  p.stderr?.setEncoding('utf8').on('data', add);
  return { p, output: new Promise((r) => p.on('close', () => r(text))) };
}

async function until(check: () => boolean, ms = 10_000) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await sleep(25);
  }
}

describe('the results file lock', () => {
  it('refuses a second sweep on the same file while the first runs, and takes over after it is killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-lock-'));
    const out = join(dir, 'out.jsonl');
    const long = [cellOf('long', { behavior: 'ok', epochMs: 60_000 })];
    writeFileSync(out, ''); // an existing (empty) results file, so a repair has something to lock
    const first = startParent(dir, long, out);
    await until(() => existsSync(lockPathOf(out)));
    const owner = JSON.parse(readFileSync(lockPathOf(out), 'utf8'));
    expect(owner).toMatchObject({ pid: first.p.pid, host: hostname(), purpose: 'bench sweep' });

    // A second `--resume` of the same plan is refused, naming the owner and the fix.
    const second = startParent(dir, long, out);
    const refused = await second.output;
    expect(second.p.exitCode).toBe(3);
    expect(refused).toMatch(
      new RegExp(
        `BenchError.ResultsLocked: results file ".*out.jsonl" is locked by another writer: pid ${first.p.pid} \\(bench sweep`,
      ),
    );
    // A repair is refused too.
    expect(() => repairForResume(out)).toThrow(/locked by another writer/);

    // Kill the first by PID: its lock is stale, the next sweep takes it over and finishes.
    process.kill(first.p.pid!, 'SIGKILL');
    await first.output;
    expect(existsSync(lockPathOf(out))).toBe(true);
    const third = startParent(dir, [cellOf('quick', { behavior: 'ok' })], out);
    expect(await third.output).toMatch(/DONE/);
    expect(existsSync(lockPathOf(out))).toBe(false);
    expect(readRecords(out).records.filter((r) => r.kind === 'run')).toHaveLength(1);
  }, 30_000);

  it('refuses a second writer in the same process and releases the lock when the sweep ends', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-lock-')), 'out.jsonl');
    const common = { workerModule: worker, nvidiaSmi: false as const, telemetryIntervalMs: 50 };
    const a = runSweep({ cells: [cellOf('a', { behavior: 'ok', epochMs: 300 })], out, ...common });
    await expect(runSweep({ cells: [cellOf('b', { behavior: 'ok' })], out, ...common })).rejects.toThrow(
      /this process \(bench sweep\) already holds it/,
    );
    await a;
    expect(existsSync(lockPathOf(out))).toBe(false);
    const lock = acquireResultsLock(out, 'test');
    lock.release();
  }, 30_000);

  it('treats a lock whose owner pid is dead as stale', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-lock-')), 'out.jsonl');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(
      lockPathOf(out),
      JSON.stringify({ pid: Number(dead.stdout), host: hostname(), purpose: 'x', since: 'then' }),
    );
    const lock = acquireResultsLock(out, 'test');
    expect(JSON.parse(readFileSync(lockPathOf(out), 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockPathOf(out))).toBe(false);
  });
});
