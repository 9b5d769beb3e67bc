/**
 * E3 benchmark of the reference backend: seconds per 100 epochs of the E3 MLPs (1000 disc points,
 * batch 100, SGD lr 0.1, no shuffling) at each depth, the same loop `bench run e3` uses, with
 * the final training error. Raw JSON goes to benchmarks/results/.
 *
 *   npm run e3:reference -w benchmarks                     # depths 2,4,6,8, 100 epochs
 *   npm run e3:reference -w benchmarks -- --layers 2,4,6,8,10 --epochs 100
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DataLoader,
  compile,
  createReferenceBackend,
  discDataset,
  initWeights,
  mlp,
  paramCount,
} from '@bench/core';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const depths = arg('--layers', '2,4,6,8').split(',').map(Number);
const epochs = Number(arg('--epochs', '100'));

const train = discDataset({ n: 1000, seed: 0 });
const batches = new DataLoader(train, { batchSize: 100 }).batches(0);
const backend = createReferenceBackend();
const rows: {
  layers: number;
  params: number;
  secondsPer100Epochs: number;
  msPerStep: number;
  trainErrorRate: number;
}[] = [];

console.log(`E3 on the reference backend: ${epochs} epochs per depth, 10 steps of batch 100 per epoch`);
console.log('layers  params      s/100 epochs  ms/step   train error');
for (const layers of depths) {
  const spec = mlp({ layers });
  const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.1 } });
  const session = await backend.compile(program, { weights: initWeights(program, 0) });
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) await session.trainEpoch(batches);
  const seconds = (performance.now() - t0) / 1000;
  const { errorRate } = await session.evaluate(batches);
  await session.dispose();
  const row = {
    layers,
    params: paramCount(spec),
    secondsPer100Epochs: (seconds * 100) / epochs,
    msPerStep: (seconds * 1000) / (epochs * batches.length),
    trainErrorRate: errorRate,
  };
  rows.push(row);
  console.log(
    `${String(layers).padEnd(8)}${row.params.toLocaleString('en-US').padEnd(12)}${row.secondsPer100Epochs.toFixed(3).padEnd(14)}${row.msPerStep.toFixed(3).padEnd(10)}${(errorRate * 100).toFixed(2)}%`,
  );
}

const date = new Date().toISOString();
const out = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'results',
  `reference-e3-${date.slice(0, 10)}.json`,
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ benchmark: 'e3', backend: 'reference', date, epochs, machine: { hostname: hostname(), cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadavg: (await import('node:os')).loadavg() }, rows }, null, 2)}\n`,
);
console.log(`raw results: ${out}`);
