import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFixture } from './__fixtures__/bundle-fixture';
import type { SweepCell } from './sweep-plan';

let worker: string;
let parent: string;
beforeAll(async () => {
  worker = await bundleFixture(join(__dirname, '__fixtures__', 'worker.ts'));
  parent = await bundleFixture(join(__dirname, '__fixtures__', 'sweep-parent.ts'));
});

/** Alive = the pid exists and is not a zombie (a killed orphan may wait unreaped under init). */
function alive(pid: number): boolean {
  if (process.platform === 'linux') {
    if (!existsSync(`/proc/${pid}/stat`)) return false;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function childPidOf(p: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    p.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const m = /CHILD (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    p.on('exit', (code) => reject(new Error(`sweep parent exited (${code}) before starting a cell`)));
  });
}

describe('cell workers die with their parent', () => {
  for (const signal of ['SIGKILL', 'SIGTERM', 'SIGINT'] as const) {
    it(`a worker busy in a synchronous epoch dies within 2 s of a ${signal} to the parent alone`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-orphan-'));
      const id = `fixture/test/bs32/${signal}/r0`;
      // One 60 s busy-wait epoch: the worker's event loop never runs while we kill the parent.
      const cells: SweepCell[] = [
        {
          id,
          cellId: id,
          experiment: 'fixture',
          backend: 'test',
          batchSize: 32,
          epochs: 1,
          repeat: 0,
          options: { behavior: 'ok', epochMs: 60_000, spin: true },
        },
      ];
      writeFileSync(join(dir, 'cells.json'), JSON.stringify(cells));
      const p = spawn(process.execPath, [parent, worker, join(dir, 'out.jsonl'), join(dir, 'cells.json')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const child = await childPidOf(p);
      await sleep(800); // the worker is now inside its blocking epoch
      expect(alive(child)).toBe(true);
      process.kill(p.pid!, signal);
      const t0 = Date.now();
      while (alive(child) && Date.now() - t0 < 5000) await sleep(50);
      const waited = Date.now() - t0;
      if (alive(child)) process.kill(child, 'SIGKILL'); // never leave it behind, even on failure
      expect(waited).toBeLessThan(2000);
    }, 20_000);
  }
});
