/**
 * The runner's closing summary, read from what the stages wrote (records/*.jsonl, raw/conformance-*.json),
 * so that the device command's output tail already answers the issue's questions: conformance per
 * backend, E3 seconds per 100 epochs per depth with the crossover against onnxruntime-cpu, E4
 * samples per second with the GPU/CPU ratio, and the E2 sweep per batch size with GPU utilisation
 * and memory. Tolerant of cut-short files (a damaged line is skipped).
 *
 *   node summarize.mjs RESULTS_DIR
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const lines = (file) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((l) => {
          try {
            return l.trim() ? [JSON.parse(l)] : [];
          } catch {
            return [];
          }
        })
    : [];
const records = (prefix) =>
  readdirSync(join(dir, 'records'))
    .filter((f) => f.startsWith(prefix) && f.endsWith('.jsonl'))
    .flatMap((f) => lines(join(dir, 'records', f)));
const fmt = (v, digits = 3) =>
  v === undefined || v === null || Number.isNaN(v) ? '-' : Number(v).toPrecision(digits);
const pad = (s, n) => String(s).padEnd(n);

console.log('== conformance (every IR op against the reference backend; training parity)');
for (const f of readdirSync(join(dir, 'raw')).filter((f) => f.startsWith('conformance-'))) {
  const c = JSON.parse(readFileSync(join(dir, 'raw', f), 'utf8'));
  if (c.status === 'skipped') {
    console.log(`${pad(c.backend, 18)} skipped: ${c.reason}`);
    continue;
  }
  const ops = c.ops ?? [];
  const bad = ops.filter((o) => !o.ok).map((o) => o.op);
  const parity = (c.parity ?? []).map((p) => `${p.model} ${p.ok ? 'ok' : 'FAIL'}`).join(', ');
  console.log(
    `${pad(c.backend, 18)} ${c.status}: ops ${ops.length - bad.length}/${ops.length} ok${bad.length ? ` (failed: ${bad.join(', ')})` : ''}; parity ${parity || '-'}`,
  );
}

// E3: Bench's median epoch x 100 (steady state); PyTorch's timed epochs scaled to 100.
const e3 = new Map();
const e3params = new Map();
for (const r of records('e3-')) {
  if (r.kind !== 'run') continue;
  const row = e3.get(r.backend) ?? new Map();
  row.set(
    r.layers,
    r.status === 'ok' ? { s: r.medianEpochSeconds * 100, err: r.finalTrainErrorRate } : { status: r.status },
  );
  e3.set(r.backend, row);
  e3params.set(r.layers, r.params);
}
for (const r of records('pytorch-e3')) {
  if (r.skipped || !r.backend) continue;
  const row = e3.get(r.backend) ?? new Map();
  row.set(r.layers, { s: r.secondsPer100Epochs, err: r.trainError });
  e3.set(r.backend, row);
  e3params.set(r.layers, r.params);
}
const depths = [...e3params.keys()].sort((a, b) => a - b);
console.log(
  '\n== E3 seconds per 100 epochs (Bench: median epoch x 100; PyTorch: timed epochs) [train error]',
);
console.log(
  `${pad('backend \\ layers', 18)} ${depths.map((d) => pad(`${d} (${e3params.get(d)})`, 20)).join('')}`,
);
for (const [backend, row] of e3) {
  const cells = depths.map((d) => {
    const c = row.get(d);
    if (!c) return pad('-', 20);
    if (c.status) return pad(c.status, 20);
    return pad(
      `${fmt(c.s)} [${c.err === undefined || c.err === null ? '-' : (c.err * 100).toFixed(1) + '%'}]`,
      20,
    );
  });
  console.log(`${pad(backend, 18)} ${cells.join('')}`);
}
// The crossover: at which depths a GPU backend beats the CPU one (each GPU backend against
// onnxruntime-cpu; PyTorch CUDA also against PyTorch CPU).
const cpuNames = new Set(['onnxruntime-cpu', 'pytorch-cpu']);
const pairs = [...e3.keys()].filter((b) => !cpuNames.has(b)).map((b) => [b, 'onnxruntime-cpu']);
if (e3.has('pytorch-cuda')) pairs.push(['pytorch-cuda', 'pytorch-cpu']);
for (const [gpuName, cpuName] of pairs) {
  const row = e3.get(gpuName);
  const cpuRow = e3.get(cpuName);
  if (!cpuRow) continue;
  const compared = depths.filter((d) => row.get(d)?.s !== undefined && cpuRow.get(d)?.s !== undefined);
  const wins = compared.filter((d) => row.get(d).s < cpuRow.get(d).s);
  console.log(
    `crossover ${gpuName} vs ${cpuName}: ${compared.length === 0 ? 'no depth measured on both' : wins.length === 0 ? `slower at every measured depth (${compared.join(', ')})` : `faster at ${wins.join(', ')} layers (of ${compared.join(', ')})`}`,
  );
}

console.log('\n== E4 CIFAR-shaped CNN, batch 250: samples per second');
const e4 = [];
for (const r of records('e4-'))
  if (r.kind === 'run') e4.push([r.backend, r.status, r.samplesPerSecond, r.device]);
for (const r of records('pytorch-e4'))
  if (!r.skipped && r.backend) e4.push([r.backend, 'ok', r.samplesPerSecond, r.device]);
for (const [b, status, sps, device] of e4)
  console.log(`${pad(b, 18)} ${pad(status, 8)} ${pad(fmt(sps, 4), 10)} ${device ?? ''}`);
const sps = Object.fromEntries(e4.filter((e) => e[1] === 'ok').map((e) => [e[0], e[2]]));
for (const [gpu, cpuName] of [
  ['onnxruntime-cuda', 'onnxruntime-cpu'],
  ['pytorch-cuda', 'pytorch-cpu'],
]) {
  if (sps[gpu] && sps[cpuName]) console.log(`ratio ${gpu} / ${cpuName}: ${fmt(sps[gpu] / sps[cpuName])}x`);
}

console.log('\n== E2 batch sweep: s/epoch, samples/s, mean GPU utilisation, peak GPU memory');
const tele = new Map();
for (const r of records('e2-')) {
  if (r.kind !== 'telemetry') continue;
  const mem = Math.max(0, ...r.samples.map((s) => s.gpuMemoryUsedBytes ?? 0));
  const util = r.samples.map((s) => s.gpuUtilPercent).filter((u) => u !== undefined);
  tele.set(r.runId, {
    mem,
    util: util.length ? util.reduce((a, b) => a + b, 0) / util.length : undefined,
    gpu: r.gpuName,
  });
}
for (const r of records('e2-')) {
  if (r.kind !== 'run') continue;
  const t = tele.get(r.runId) ?? {};
  const util = r.meanGpuUtilPercent ?? t.util;
  const mem = r.peakDeviceBytes ?? t.mem;
  console.log(
    `${pad(r.backend, 18)} batch ${pad(r.batchSize, 5)} ${pad(r.status, 8)} ${pad(fmt(r.medianEpochSeconds), 8)} s/epoch  ${pad(fmt(r.samplesPerSecond, 4), 8)} samples/s  GPU ${util === undefined ? '-' : `${util.toFixed(0)}%`}  ${mem ? `${(mem / 2 ** 20).toFixed(0)} MiB` : '-'}${r.error ? `  ${r.error.slice(0, 120)}` : ''}`,
  );
}
