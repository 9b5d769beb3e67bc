#!/usr/bin/env node
/**
 * TensorFlow.js benchmark, experiment E3: seconds per 100 epochs of the E3 MLPs (1000 points,
 * batch 100, SGD lr 0.1, no shuffle) on every tfjs engine that is available here, beside core's
 * reference backend, in one process, engines run alternately per depth. Prints times and ratios
 * to the reference; writes the raw numbers to benchmarks/results/tfjs-e3-<mode>-<date>.json.
 *
 * Build first, then run with node:
 *   npx turbo run build --filter=@bench/adapter-tfjs...
 *   node benchmarks/tfjs/e3.mjs            # quick: depths 2,4,6,8, 3 timed epochs, EXTRAPOLATED to 100
 *   node benchmarks/tfjs/e3.mjs --full     # depths 2..12, 100 real epochs, 3 repeats (slow: hours at 12)
 * Options: --depths 2,4 --epochs 5 --repeats 1 --backends tfjs-cpu,tfjs-wasm
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backends as tfjsBackends } from '@bench/adapter-tfjs';
import { collate, compile, createReferenceBackend, discDataset, initWeights, mlp } from '@bench/core';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const full = flag('full');
const mode = full ? 'full' : 'quick';
const depths = opt('depths', full ? '2,4,6,8,10,12' : '2,4,6,8')
  .split(',')
  .map(Number);
const epochs = Number(opt('epochs', full ? 100 : 3));
const repeats = Number(opt('repeats', full ? 3 : 1));
const only = opt('backends', undefined)?.split(',');
const extrapolated = epochs !== 100;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const data = discDataset({ n: 1000, seed: 0 });
const batches = [];
for (let start = 0; start < 1000; start += 100) {
  batches.push(
    collate(
      data,
      Int32Array.from({ length: 100 }, (_, i) => start + i),
    ),
  );
}

const entries = [];
entries.push({ name: 'reference', backend: createReferenceBackend(), probe: { available: true } });
for (const entry of tfjsBackends) {
  if (only && !only.includes(entry.name)) continue;
  const probe = await entry.probe();
  if (!probe.available) {
    console.warn(`${entry.name}: skipped, ${probe.reason} (fix: ${probe.remedy})`);
    entries.push({ name: entry.name, probe });
    continue;
  }
  entries.push({ name: entry.name, backend: await entry.create(), probe });
}
const running = entries.filter((e) => e.backend);

console.log(
  `E3 tfjs benchmark (${mode}): depths ${depths.join(',')}, ${epochs} timed epoch(s) per run${extrapolated ? `, EXTRAPOLATED x${(100 / epochs).toFixed(1)} to 100 epochs` : ''}, ${repeats} repeat(s)`,
);
const records = [];
for (const depth of depths) {
  const program = compile(mlp({ layers: depth }), { optimizer: { kind: 'sgd', lr: 0.1 } });
  const weights = initWeights(program, 0);
  const params = program.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
  const times = Object.fromEntries(running.map((e) => [e.name, []]));
  const finals = {};
  for (let r = 0; r < repeats; r++) {
    for (const e of running) {
      const session = await e.backend.compile(program, { weights });
      await session.trainEpoch(batches); // warm-up epoch (kernel compilation, allocation), not timed
      const t0 = process.hrtime.bigint();
      for (let ep = 0; ep < epochs; ep++) await session.trainEpoch(batches);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      times[e.name].push(seconds * (100 / epochs));
      finals[e.name] = await session.evaluate(batches);
      await session.dispose();
    }
  }
  const ref = median(times.reference);
  const row = running.map((e) => {
    const s = median(times[e.name]);
    return `${e.name} ${s.toFixed(2)} s (x${(s / ref).toFixed(1)})`;
  });
  console.log(`depth ${String(depth).padStart(2)} (${params} params): ${row.join(' | ')}`);
  for (const e of running) {
    records.push({
      depth,
      params,
      backend: e.name,
      device: e.backend.device,
      secondsPer100Epochs: median(times[e.name]),
      runs: times[e.name],
      ratioToReference: median(times[e.name]) / ref,
      trainLossAfter: finals[e.name].loss,
      trainErrorRateAfter: finals[e.name].errorRate,
    });
  }
}

let cpuModel = cpus()[0]?.model ?? 'unknown';
try {
  cpuModel = execSync("lscpu | sed -n 's/^Model name: *//p'", { encoding: 'utf8' }).trim() || cpuModel;
} catch {}
const result = {
  schema: 'bench.benchmark.tfjs-e3.v1',
  date: new Date().toISOString(),
  mode,
  epochsTimed: epochs,
  extrapolatedTo100Epochs: extrapolated,
  warmupEpochs: 1,
  repeats,
  workload: { points: 1000, batch: 100, optimizer: 'sgd', lr: 0.1, shuffle: false, seed: 0 },
  host: { node: process.version, cpu: cpuModel, threads: cpus().length, memoryBytes: totalmem() },
  backends: entries.map((e) => ({
    name: e.name,
    available: e.probe.available,
    device: e.backend?.device,
    reason: e.probe.reason,
  })),
  records,
};
const out = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'results',
  `tfjs-e3-${mode}-${result.date.slice(0, 10)}.json`,
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`raw results: ${out}`);
for (const e of running) await e.backend.dispose?.();
process.exit(0);
