/**
 * `--model FILE.onnx` on every CPU backend: torchvision exports (made at test time by
 * adapter-onnxruntime's scripts/export-torchvision.py with Debian's PyTorch; skipped with the
 * reason printed where torch is absent) imported by `resolveModel`, and predict on reference,
 * onnxruntime-cpu, tfjs-cpu, tfjs-wasm, gpujs-cpu and gpujs-wasm matching PyTorch's own output
 * (which the adapter's tests match with onnxruntime's inference of the file) within 1e-4.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backends as gpujsBackends } from '@bench/adapter-gpujs';
import { backends as ortBackends } from '@bench/adapter-onnxruntime';
import { backends as tfjsBackends } from '@bench/adapter-tfjs';
import { BackendRegistry, compile, initWeights, referenceBackendEntry, validateRecord } from '@bench/core';
import type { BackendEntry, EpochRecord, HostTensor, ResultRecord } from '@bench/core';
import { skipUnavailableTool } from '@bench/testkit';
import { describe, expect, it } from 'vitest';
import { writeCifarBinaryFolder } from '../../../datasets/src/__fixtures__/cifar-fixtures';
import { EXPERIMENTS } from './index';
import { resolveModel } from './model-option';
import { runCell } from './run-cell';

const script = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../adapter-onnxruntime/scripts/export-torchvision.py',
);

function fixtures(): { dir: string | null; reason?: string } {
  const hash = createHash('sha256').update(readFileSync(script)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `bench-torchvision-${hash}`);
  if (existsSync(join(dir, 'mobilenetv2-tiny.json'))) return { dir };
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { stdio: 'pipe' });
  } catch {
    return {
      dir: null,
      reason: 'PyTorch is not installed (apt-get install -y python3-torch python3-torchvision)',
    };
  }
  execFileSync('/usr/bin/python3', [script, dir], { stdio: 'pipe', timeout: 300_000 });
  return { dir };
}

const fx = fixtures();
// Prints why it skips, or fails where CI provisions torch (BENCH_REQUIRED_TOOLS).
const skipTorch = skipUnavailableTool('torch', Boolean(fx.dir), fx.dir ? '' : fx.reason);
const CPU = ['reference', 'onnxruntime-cpu', 'tfjs-cpu', 'tfjs-wasm', 'gpujs-cpu', 'gpujs-wasm'];
const entries = new Map<string, BackendEntry>(
  [referenceBackendEntry, ...ortBackends, ...tfjsBackends, ...gpujsBackends].map((e) => [e.name, e]),
);

function softmaxRows(logits: number[], k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < logits.length / k; r++) {
    const row = logits.slice(r * k, r * k + k);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / s));
  }
  return out;
}

describe.skipIf(skipTorch)('--model FILE.onnx: predict on every CPU backend', () => {
  for (const file of ['resnet18-tiny-bn', 'mobilenetv2-tiny']) {
    it(`${file}: every CPU backend matches PyTorch's output within 1e-4`, async () => {
      const dir = fx.dir!;
      const meta = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as {
        inputShape: number[];
        logits: number[];
      };
      const raw = new Float32Array(readFileSync(join(dir, `${file}.input.bin`)).buffer.slice(0));
      const [n, c, h, w] = meta.inputShape as [number, number, number, number];
      const x: HostTensor<'float32'> = {
        dtype: 'float32',
        shape: [n, h, w, c],
        data: new Float32Array(raw.length),
      };
      for (let b = 0; b < n; b++)
        for (let ch = 0; ch < c; ch++)
          for (let y = 0; y < h; y++)
            for (let xx = 0; xx < w; xx++)
              x.data[((b * h + y) * w + xx) * c + ch] = raw[((b * c + ch) * h + y) * w + xx]!;
      const model = await resolveModel(
        {
          id: 'e4/reference/test',
          cellId: 'e4/reference/test',
          experiment: 'e4',
          backend: 'reference',
          batchSize: 1,
          epochs: 1,
          repeat: 0,
          options: { model: join(dir, `${file}.onnx`) },
        },
        [h, w, c],
        10,
        'resnet18',
      );
      const program = compile(model.spec, { optimizer: { kind: 'sgd', lr: 0.01 } });
      const expected = softmaxRows(meta.logits, 10);
      for (const name of CPU) {
        const entry = entries.get(name)!;
        const probe = await entry.probe();
        if (!probe.available) {
          console.warn(`[--model FILE.onnx] ${name} skipped: ${probe.reason}`);
          continue;
        }
        const backend = await entry.create();
        const session = await backend.compile(program, {
          weights: { ...initWeights(program, 0), ...model.weights },
        });
        const probs = (await session.predict(x)).data;
        let err = 0;
        for (let i = 0; i < probs.length; i++) err = Math.max(err, Math.abs(probs[i]! - expected[i]!));
        console.info(`[--model FILE.onnx] ${file} on ${name}: max |p - p_torch| = ${err.toExponential(2)}`);
        expect(err, name).toBeLessThan(1e-4);
        await session.dispose();
      }
    }, 300_000);
  }

  it('bench run e4 --model FILE.onnx trains the imported network on E4 data', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'e4-onnx-')), 'cifar-10-batches-bin');
    await writeCifarBinaryFolder(dir, 20, 30);
    const registry = new BackendRegistry();
    registry.register(ortBackends[0]!);
    const records: ResultRecord[] = [];
    const r = await runCell(
      EXPERIMENTS.e4!,
      {
        id: 'e4/onnxruntime-cpu/test',
        cellId: 'e4/onnxruntime-cpu/test',
        repeat: 0,
        experiment: 'e4',
        backend: 'onnxruntime-cpu',
        epochs: 1,
        batchSize: 10,
        options: { data: dir, limit: 20, model: join(fx.dir!, 'resnet18-tiny-bn.onnx') },
      },
      { registry, emit: (x) => records.push(validateRecord(x)), log: () => {} },
    );
    expect(r.error).toBeUndefined();
    expect(r.model).toContain('resnet18-tiny-bn');
    expect(records.filter((x): x is EpochRecord => x.kind === 'epoch')).toHaveLength(1);
  }, 120_000);
});
