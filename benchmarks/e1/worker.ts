/**
 * One backend of the E1 ResNet-18 benchmark, in its own process (resnet18.ts starts it and kills it
 * when its wall-time budget is spent): compiles the fine-tuning step, runs the warm-up step and
 * then up to `--steps` timed steps, and prints one `E1EVENT <json>` line per event as it happens,
 * so whatever completed before a kill or a crash reaches the raw file.
 *
 *   vite-node -c vitest.shared.ts benchmarks/e1/worker.ts -- --backend tfjs-wasm [--batch 8] [--size 192] [--steps 5]
 */
import { backends as gpujsBackends } from '@bench/adapter-gpujs';
import { backends as ortBackends } from '@bench/adapter-onnxruntime';
import { backends as tfjsBackends } from '@bench/adapter-tfjs';
import { Rng, compile, initWeights, referenceBackendEntry, resnet18 } from '@bench/core';
import type { BackendEntry, Batch, Session } from '@bench/core';
import { timed } from '../onnxruntime/common';
import { EVENT_PREFIX } from './steps';

const args = process.argv.slice(2);
const arg = (name: string, dflt?: string): string => {
  const i = args.indexOf(name);
  if (i >= 0 && args[i + 1] !== undefined) return args[i + 1]!;
  if (dflt === undefined) throw new Error(`e1/worker.ts: ${name} is required`);
  return dflt;
};
const emit = (event: Record<string, unknown>) => console.log(`${EVENT_PREFIX}${JSON.stringify(event)}`);

/** The entry for `name`; tfjs-node's package loads only when asked for (its addon is optional). */
async function entryFor(name: string): Promise<BackendEntry | undefined> {
  if (name === 'tfjs-node') return (await import('@bench/adapter-tfjs-node')).backends[0];
  return [referenceBackendEntry, ...ortBackends, ...tfjsBackends, ...gpujsBackends].find(
    (e) => e.name === name,
  );
}

async function main(): Promise<void> {
  const name = arg('--backend');
  const batch = Number(arg('--batch', '8'));
  const size = Number(arg('--size', '192'));
  const steps = Number(arg('--steps', '5'));
  const entry = await entryFor(name);
  if (!entry) {
    emit({ event: 'failed', phase: 'probe', error: `unknown backend ${name}` });
    return;
  }
  const probe = await entry.probe();
  if (!probe.available) {
    emit({ event: 'unavailable', reason: probe.reason, remedy: probe.remedy });
    return;
  }
  emit({ event: 'probe', device: probe.device });
  let phase = 'compile';
  try {
    // The same batches, weights and optimizer in every worker (seeded), as in torch_e1.py.
    const rng = new Rng(1);
    const batches: Batch[] = Array.from({ length: steps + 1 }, () => ({
      x: {
        dtype: 'float32',
        shape: [batch, size, size, 3],
        data: Float32Array.from({ length: batch * size * size * 3 }, () => rng.next()),
      },
      y: { dtype: 'int32', shape: [batch], data: Int32Array.from({ length: batch }, () => rng.int(2)) },
    }));
    const spec = resnet18({ inputShape: [size, size, 3], classes: 2 });
    const program = compile(spec, { optimizer: { kind: 'adam', lr: 1e-3 } });
    const weights = initWeights(program, 0);
    let session: Session | undefined;
    const c = await timed(async () => {
      const backend = await entry.create();
      session = await backend.compile(program, { weights });
    });
    emit({
      event: 'compiled',
      seconds: c.seconds,
      cpuSeconds: c.cpuSeconds,
      rssBytes: process.memoryUsage().rss,
    });
    for (let index = 0; index <= steps; index++) {
      phase = index === 0 ? 'warm-up step' : `timed step ${index}`;
      emit({ event: 'step-start', index });
      let loss = Number.NaN;
      const t = await timed(async () => {
        loss = await session!.trainStep(batches[index]!);
      });
      emit({
        event: 'step',
        index,
        seconds: t.seconds,
        cpuSeconds: t.cpuSeconds,
        loss,
        rssBytes: process.memoryUsage().rss,
      });
    }
    phase = 'dispose';
    await session!.dispose();
    emit({ event: 'done' });
  } catch (error) {
    emit({ event: 'failed', phase, error: (error as Error).message?.slice(0, 2000) ?? String(error) });
  }
}

await main();
// Engines can keep handles (worker pools, wasm threads) open; the parent waits for this exit.
process.exit(0);
