/**
 * The CLI's own cell worker, training a real backend, dies with its sweep parent: the parent is
 * killed by PID while the worker is in a long synchronous training run (E3's 12-layer MLP for
 * 1,000 epochs), and the worker must be gone within 3 s. The worker is bundled from source into
 * node_modules/.cache (so the adapter packages it imports at run time resolve from the repo).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFixture } from '../../core/src/runner/__fixtures__/bundle-fixture';

const packages = resolve(__dirname, '../..');
let worker: string;
let parent: string;

beforeAll(async () => {
  parent = await bundleFixture(join(packages, 'core/src/runner/__fixtures__/sweep-parent.ts'));
  const { build } = await import('esbuild');
  const dir = join(packages, 'cli/node_modules/.cache/bench-test');
  mkdirSync(dir, { recursive: true });
  worker = join(dir, 'cell-worker.mjs');
  const sources: Record<string, string> = {
    '@bench/core': join(packages, 'core/src/index.ts'),
    '@bench/datasets': join(packages, 'datasets/src/index.ts'),
  };
  await build({
    entryPoints: [join(__dirname, 'cell-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: worker,
    logLevel: 'error',
    plugins: [
      {
        name: 'sources-or-external',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            sources[args.path] ? { path: sources[args.path] } : { path: args.path, external: true },
          );
        },
      },
    ],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
});

function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}/stat`)) return false;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}
const cpuSeconds = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2)
    .split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function childPidOf(p: ChildProcess): Promise<number> {
  return new Promise((res, reject) => {
    let text = '';
    p.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const m = /CHILD (\d+)/.exec(text);
      if (m) res(Number(m[1]));
    });
    p.on('exit', (code) => reject(new Error(`sweep parent exited (${code}) before starting a cell`)));
  });
}

describe.runIf(process.platform === 'linux')('bench cell workers die with their sweep', () => {
  for (const backend of ['reference', 'tfjs-cpu']) {
    it(`a ${backend} worker mid-training dies within 3 s of a SIGKILL to the parent alone`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bench-orphan-cli-'));
      const id = `e3/${backend}/bs100/l12/r0`;
      const cell = {
        id,
        cellId: id,
        experiment: 'e3',
        backend,
        batchSize: 100,
        layers: 12,
        epochs: 1000,
        repeat: 0,
        options: {},
      };
      writeFileSync(join(dir, 'cells.json'), JSON.stringify([cell]));
      const p = spawn(process.execPath, [parent, worker, join(dir, 'out.jsonl'), join(dir, 'cells.json')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const child = await childPidOf(p);
      // Wait until the worker has trained for a while (its CPU time grows), i.e. it is mid-run.
      const t0 = Date.now();
      while (alive(child) && cpuSeconds(child) < 3 && Date.now() - t0 < 60_000) await sleep(100);
      expect(alive(child)).toBe(true);
      process.kill(p.pid!, 'SIGKILL');
      const t1 = Date.now();
      while (alive(child) && Date.now() - t1 < 8000) await sleep(50);
      const waited = Date.now() - t1;
      if (alive(child)) process.kill(child, 'SIGKILL');
      expect(waited).toBeLessThan(3000);
    }, 90_000);
  }
});
