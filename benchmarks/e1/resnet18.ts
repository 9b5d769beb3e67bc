import { mkdirSync, writeFileSync } from 'node:fs';
/**
 * E1 benchmark: the fine-tuning step of ResNet-18 (2-class head, 11,177,538 params, Adam lr 1e-3,
 * batch norm on batch statistics) at 192x192 on every CPU backend that runs here, beside PyTorch
 * (Debian's python3-torch + torchvision, 2 threads) doing the same step, in one run; ratios are
 * backend samples/s over PyTorch's. Seconds per epoch are derived for E1's default epoch (320
 * training images: 200 per class, 80/20 split). The machine is shared: the load average is
 * recorded at start and end; a few steps only.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/e1/resnet18.ts -- [--batch 8] [--steps 2] [--backends a,b] [--size 192]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { backends as gpujsBackends } from '@bench/adapter-gpujs';
import { backends as ortBackends } from '@bench/adapter-onnxruntime';
import { backends as tfjsBackends } from '@bench/adapter-tfjs';
import { Rng, compile, initWeights, referenceBackendEntry, resnet18 } from '@bench/core';
import type { BackendEntry, Batch } from '@bench/core';
import { machineInfo, here as ortHere, runPython, seconds, timed, torchVersion } from '../onnxruntime/common';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const batch = Number(arg('--batch', '8'));
const steps = Number(arg('--steps', '2'));
const size = Number(arg('--size', '192'));
const wanted = arg('--backends', 'onnxruntime-cpu,tfjs-wasm,reference,tfjs-cpu').split(',');
const EPOCH_IMAGES = 320;

const entries = new Map<string, BackendEntry>(
  [referenceBackendEntry, ...ortBackends, ...tfjsBackends, ...gpujsBackends].map((e) => [e.name, e]),
);
const rng = new Rng(1);
const batches: Batch[] = Array.from({ length: steps + 1 }, () => ({
  x: {
    dtype: 'float32',
    shape: [batch, size, size, 3],
    data: Float32Array.from({ length: batch * size * size * 3 }, () => rng.next()),
  },
  y: { dtype: 'int32', shape: [batch], data: Int32Array.from({ length: batch }, () => rng.int(2)) },
}));
const machine = machineInfo();
console.log(
  `E1 ResNet-18 ${size}x${size}, batch ${batch}, ${steps} timed steps after 1 warm-up; ${machine.cpu} (${machine.cores} cores), load ${JSON.stringify(machine.loadAverageAtStart)}`,
);
const spec = resnet18({ inputShape: [size, size, 3], classes: 2 });
const program = compile(spec, { optimizer: { kind: 'adam', lr: 1e-3 } });
const weights = initWeights(program, 0);

const results: Record<string, unknown>[] = [];
const dir = join(ortHere, '..', 'results');
mkdirSync(dir, { recursive: true });
const path = join(dir, `e1-resnet18-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`);
/** Writes the raw file (again after every backend, so an interrupted run keeps what it measured). */
function save(torch: Record<string, unknown> | undefined, done: boolean): void {
  const out = {
    schema: 'bench.benchmark.e1.resnet18.v1',
    complete: done,
    machine,
    loadAverageNow: loadavg(),
    setup: {
      model: spec.name,
      params: 11_177_538,
      size,
      batch,
      timedSteps: steps,
      warmupSteps: 1,
      optimizer: 'adam lr 1e-3',
      epochImages: EPOCH_IMAGES,
      torchThreads: 2,
      data: 'random images',
    },
    pytorch: torch
      ? { ...torch, secondsPerEpoch: EPOCH_IMAGES / (torch.samplesPerSecond as number) }
      : { status: 'not installed' },
    backends: results,
  };
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
}
const torch = torchVersion()
  ? (runPython(join('..', 'e1', 'torch_e1.py'), { batch, size, steps, warmup: 1, threads: 2 }) as {
      params: number;
      samplesPerSecond: number;
      seconds: number;
      cpuSeconds: number;
    })
  : undefined;
if (torch)
  console.log(
    `pytorch ${machine.torch} (2 threads): ${torch.samplesPerSecond.toFixed(2)} samples/s (${torch.params} params)`,
  );
for (const name of wanted) {
  const entry = entries.get(name);
  if (!entry) {
    results.push({ backend: name, status: 'unknown backend' });
    continue;
  }
  const probe = await entry.probe();
  if (!probe.available) {
    console.log(`${name}: skipped (${probe.reason})`);
    results.push({ backend: name, status: 'unavailable', reason: probe.reason });
    continue;
  }
  try {
    const backend = await entry.create();
    const session = await backend.compile(program, { weights });
    const warm = await seconds(() => session.trainStep(batches[0]!));
    const t = await timed(() => session.trainEpoch(batches.slice(1)));
    await session.dispose();
    const sps = (steps * batch) / t.seconds;
    const ratio = torch ? sps / torch.samplesPerSecond : null;
    console.log(
      `${name}: ${sps.toFixed(2)} samples/s, ${(EPOCH_IMAGES / sps).toFixed(0)} s/epoch (320 images)${ratio === null ? '' : `, ${ratio.toFixed(3)}x PyTorch`} (warm-up step incl. compile ${warm.toFixed(1)} s)`,
    );
    results.push({
      backend: name,
      status: 'ok',
      samplesPerSecond: sps,
      secondsPerEpoch: EPOCH_IMAGES / sps,
      timedSeconds: t.seconds,
      cpuSeconds: t.cpuSeconds,
      warmupStepSeconds: warm,
      ratioToTorch: ratio,
    });
  } catch (error) {
    console.log(`${name}: failed: ${(error as Error).message}`);
    results.push({ backend: name, status: 'failed', error: (error as Error).message });
  }
  save(torch, false);
}
save(torch, true);
console.log(`raw results: ${path}`);
