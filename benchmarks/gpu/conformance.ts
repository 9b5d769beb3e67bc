/**
 * @bench/testkit's conformance checks (every IR op against the reference backend, then training
 * parity of the E3 MLP and the E4 CNN) on the named backends, outside vitest: the GPU machine has
 * no vitest, so the packer bundles this file with testkit's check functions into the payload's
 * app/conformance.mjs. One JSON file per backend, rewritten after every check so that a run cut
 * by its time box still leaves what it measured. An unavailable backend is recorded as skipped
 * with the probe's reason.
 *
 *   node app/conformance.mjs --backend onnxruntime-cuda,gpujs-webgpu --out-dir DIR [--cases 6] [--models mlp,cnn]
 *
 * Exit code 0 when every check that ran passed, 1 otherwise.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistry } from '@bench/cli';
import { OP_NAMES } from '@bench/core';
import type { Backend } from '@bench/core';
import { checkOp } from '../../packages/testkit/src/op-conformance';
import { checkTrainingParity } from '../../packages/testkit/src/training-parity-check';
import type { ParityModel } from '../../packages/testkit/src/training-parity-options';

const args = process.argv.slice(2);
const flag = (name: string, fallback?: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const names = (flag('--backend') ?? '').split(',').filter(Boolean);
const outDir = flag('--out-dir', '.')!;
const cases = Number(flag('--cases', '6'));
const models = (flag('--models', 'mlp,cnn') ?? '').split(',').filter(Boolean) as ParityModel[];
if (names.length === 0) {
  console.error('conformance: pass --backend <name[,name...]> (see `bench doctor`)');
  process.exit(2);
}

const { registry } = await loadRegistry();
let failed = false;
for (const name of names) {
  const file = join(outDir, `conformance-${name}.json`);
  const result: Record<string, unknown> = { backend: name, date: new Date().toISOString(), cases, models };
  const save = () => writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  if (!registry.has(name)) {
    Object.assign(result, {
      status: 'skipped',
      reason: `unknown backend; registered: ${registry.names().join(', ')}`,
    });
    save();
    console.log(`${name}: skipped (unknown backend)`);
    continue;
  }
  const probe = await registry.probe(name);
  result.probe = probe;
  if (!probe.available) {
    Object.assign(result, { status: 'skipped', reason: probe.reason });
    save();
    console.log(`${name}: skipped: ${probe.reason}`);
    continue;
  }
  console.log(`${name}: ${probe.device ?? ''}`);
  const ops: unknown[] = [];
  const parity: unknown[] = [];
  Object.assign(result, { status: 'running', ops, parity });
  let backend: Backend;
  try {
    backend = await registry.get(name);
  } catch (error) {
    Object.assign(result, { status: 'error', error: String((error as Error)?.stack ?? error) });
    save();
    console.log(`${name}: could not be created: ${(error as Error)?.message ?? error}`);
    failed = true;
    continue;
  }
  const t0 = performance.now();
  for (const op of OP_NAMES) {
    const t = performance.now();
    const r = await checkOp(backend, op, { cases });
    ops.push({ ...r, seconds: (performance.now() - t) / 1000 });
    save();
    if (!r.ok) failed = true;
    console.log(
      `  ${r.ok ? 'ok  ' : 'FAIL'} ${op.padEnd(26)} max abs ${r.maxAbsError.toExponential(2)}  rel ${r.maxRelError.toExponential(2)}${r.ok ? '' : `  ${r.failures[0] ?? ''}`}`,
    );
  }
  for (const model of models) {
    const t = performance.now();
    try {
      const r = await checkTrainingParity(backend, { model });
      parity.push({ ...r, seconds: (performance.now() - t) / 1000 });
      if (!r.ok) failed = true;
      console.log(
        `  ${r.ok ? 'ok  ' : 'FAIL'} parity ${model.padEnd(19)} loss rel ${r.maxLossRelError.toExponential(2)}  weight abs ${r.maxWeightError.toExponential(2)}${r.ok ? '' : `  ${r.failures[0] ?? ''}`}`,
      );
    } catch (error) {
      failed = true;
      parity.push({ model, ok: false, error: String((error as Error)?.stack ?? error) });
      console.log(`  FAIL parity ${model}: ${(error as Error)?.message ?? error}`);
    }
    save();
  }
  result.status = 'done';
  result.seconds = (performance.now() - t0) / 1000;
  save();
  await backend.dispose?.();
}
// Dawn keeps the process alive after a WebGPU backend ran (ENGINE-NOTES.md): leave explicitly.
process.exit(failed ? 1 : 0);
