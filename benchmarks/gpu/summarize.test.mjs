/**
 * device/summarize.mjs, the runner's closing summary, on hand-made records: the crossover per GPU
 * backend, a failed conformance op named, the E4 ratio, E2 utilisation and memory from the
 * telemetry trace, and a cut-short line (a killed stage) skipped instead of failing the summary.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const here = new URL('.', import.meta.url).pathname;
const jsonl = (rows) => `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;
const e3run = (backend, layers, params, median) => ({
  kind: 'run',
  experiment: 'e3',
  backend,
  layers,
  params,
  status: 'ok',
  medianEpochSeconds: median,
  finalTrainErrorRate: 0.01,
});

it('summarizes conformance, E3 crossover, E4 ratio and E2 telemetry from the records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gpu-summary-'));
  mkdirSync(join(dir, 'records'));
  mkdirSync(join(dir, 'raw'));
  writeFileSync(
    join(dir, 'raw', 'conformance-onnxruntime-cuda.json'),
    JSON.stringify({
      backend: 'onnxruntime-cuda',
      status: 'done',
      ops: [
        { op: 'matmul', ok: true },
        { op: 'conv2d', ok: false },
      ],
      parity: [{ model: 'mlp', ok: true }],
    }),
  );
  writeFileSync(
    join(dir, 'records', 'e3-onnxruntime-cuda.jsonl'),
    jsonl([
      e3run('onnxruntime-cuda', 2, 22, 0.01),
      e3run('onnxruntime-cuda', 8, 44710, 0.002),
      '{"kind":"run","trunc',
    ]),
  );
  writeFileSync(
    join(dir, 'records', 'e3-onnxruntime-cpu.jsonl'),
    jsonl([e3run('onnxruntime-cpu', 2, 22, 0.001), e3run('onnxruntime-cpu', 8, 44710, 0.003)]),
  );
  writeFileSync(
    join(dir, 'records', 'e4-onnxruntime-cuda.jsonl'),
    jsonl([{ kind: 'run', backend: 'onnxruntime-cuda', status: 'ok', samplesPerSecond: 5000 }]),
  );
  writeFileSync(
    join(dir, 'records', 'e4-onnxruntime-cpu.jsonl'),
    jsonl([{ kind: 'run', backend: 'onnxruntime-cpu', status: 'ok', samplesPerSecond: 1000 }]),
  );
  writeFileSync(
    join(dir, 'records', 'e2-sweep.jsonl'),
    jsonl([
      {
        kind: 'telemetry',
        runId: 'r1',
        samples: [{ gpuUtilPercent: 40, gpuMemoryUsedBytes: 2 ** 30 }, { gpuUtilPercent: 60 }],
      },
      {
        kind: 'run',
        runId: 'r1',
        backend: 'onnxruntime-cuda',
        batchSize: 64,
        status: 'ok',
        medianEpochSeconds: 0.5,
        samplesPerSecond: 960,
      },
    ]),
  );
  const r = spawnSync(process.execPath, [join(here, 'device', 'summarize.mjs'), dir], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/onnxruntime-cuda\s+done: ops 1\/2 ok \(failed: conv2d\); parity mlp ok/);
  expect(r.stdout).toMatch(/crossover onnxruntime-cuda vs onnxruntime-cpu: faster at 8 layers \(of 2, 8\)/);
  expect(r.stdout).toMatch(/ratio onnxruntime-cuda \/ onnxruntime-cpu: 5\.00x/);
  expect(r.stdout).toMatch(/batch 64 +ok .*GPU 50% +1024 MiB/);
});
