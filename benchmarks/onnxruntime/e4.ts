/**
 * E4 benchmark: training samples/s of the E4 CIFAR-10 CNN (787,530 params, Adam lr 0.001,
 * dropout 0.2, batch 250) on onnxruntime-cpu beside PyTorch on the CPU (2 threads), on random
 * CIFAR-shaped data; raw JSON to benchmarks/results/.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/e4.ts -- [--quick] [--no-torch] [--threads N]
 *
 * --quick: 2 timed steps (default 8), after 1 warm-up step.
 */
import { loadavg } from 'node:os';
import { createOnnxruntimeBackend } from '@bench/adapter-onnxruntime';
import { Rng, cifarCnn, compile } from '@bench/core';
import type { Batch } from '@bench/core';
import { machineInfo, runPython, seconds, timed, torchVersion, writeResult } from './common';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const withTorch = !args.includes('--no-torch') && torchVersion() !== undefined;
const threadsArg = args.indexOf('--threads');
const threads = threadsArg >= 0 ? Number(args[threadsArg + 1]) : undefined;
const steps = quick ? 2 : 8;
const BATCH = 250;

const rng = new Rng(1);
const batches: Batch[] = Array.from({ length: steps }, () => ({
  x: {
    dtype: 'float32',
    shape: [BATCH, 32, 32, 3],
    data: Float32Array.from({ length: BATCH * 32 * 32 * 3 }, () => rng.next()),
  },
  y: { dtype: 'int32', shape: [BATCH], data: Int32Array.from({ length: BATCH }, () => rng.int(10)) },
}));

const machine = machineInfo();
console.log(
  `E4 CNN on ${machine.cpu} (${machine.cores} cores), load ${JSON.stringify(machine.loadAverageAtStart)}; ${steps} timed steps of ${BATCH}`,
);
const program = compile(cifarCnn(), { optimizer: { kind: 'adam', lr: 0.001 } });
const backend = await createOnnxruntimeBackend(
  'cpu',
  threads === undefined ? {} : { intraOpNumThreads: threads },
);
const session = await backend.compile(program, { seed: 0 });
const warm = await seconds(() => session.trainEpoch([batches[0]!]));
const epoch = await timed(() => session.trainEpoch(batches));
await session.dispose();
const ortSps = (steps * BATCH) / epoch.seconds;
const torch = withTorch
  ? (runPython('torch_e4.py', { batch: BATCH, steps, warmup: 1, threads: 2 }) as {
      params: number;
      samplesPerSecond: number;
      cpuSeconds: number;
    })
  : undefined;
console.log(
  `onnxruntime-cpu: ${ortSps.toFixed(1)} samples/s, ${((epoch.cpuSeconds / steps) * 1000).toFixed(0)} CPU ms/step (first step incl. session creation ${warm.toFixed(2)} s)`,
);
if (torch)
  console.log(
    `pytorch ${machine.torch} (2 threads): ${torch.samplesPerSecond.toFixed(1)} samples/s, ${((torch.cpuSeconds / steps) * 1000).toFixed(0)} CPU ms/step (${torch.params} params); ort/torch throughput ${(ortSps / torch.samplesPerSecond).toFixed(2)}`,
  );
const path = writeResult(quick ? 'e4-quick' : 'e4', {
  schema: 'bench.benchmark.onnxruntime.e4.v1',
  machine,
  loadAverageAtEnd: loadavg(),
  setup: {
    batch: BATCH,
    timedSteps: steps,
    warmupSteps: 1,
    optimizer: 'adam lr 0.001',
    dropout: 0.2,
    data: 'random CIFAR-shaped',
    ortIntraOpThreads: threads ?? 'default',
    torchThreads: 2,
  },
  onnxruntimeCpu: {
    samplesPerSecond: ortSps,
    seconds: epoch.seconds,
    cpuSeconds: epoch.cpuSeconds,
    firstStepSeconds: warm,
  },
  pytorchCpu: torch ?? null,
  ratio: torch ? ortSps / torch.samplesPerSecond : null,
});
console.log(`raw results: ${path}`);
