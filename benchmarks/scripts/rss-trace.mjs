/**
 * Measurement aid, loaded with `node --import`: samples the process's memory every 50 ms and
 * notes every onnxruntime session creation and `run` (which model, by its inputs; RSS before and
 * after), so a run's peak RSS can be attributed to a phase (start-up, training Loop, evaluation,
 * predict and PNG grid, CPU-peak calibration). Writes JSON lines to `$RSS_TRACE` at exit and
 * prints a per-phase summary to stderr. Not used by Bench itself.
 *
 *   RSS_TRACE=/tmp/trace.jsonl node --import ./benchmarks/scripts/rss-trace.mjs <cli>/dist/bin.js run e4 ...
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const out = process.env.RSS_TRACE;
const t0 = performance.now();
const mib = (b) => Math.round(b / 2 ** 20);
const events = [];
let phase = 'start-up';
const peaks = new Map();
const hwmPeaks = new Map();

/** The kernel's peak RSS so far (VmHWM, KiB): catches spikes between samples. */
function hwm() {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) * 1024;
  } catch {
    return 0;
  }
}
let lastHwm = 0;

function sample(note) {
  const m = process.memoryUsage();
  const h = hwm();
  // a new high-water mark reached since the last sample belongs to this phase
  if (h > lastHwm) {
    const p = hwmPeaks.get(phase) ?? 0;
    if (h > p) hwmPeaks.set(phase, h);
    lastHwm = h;
  }
  const e = {
    t: +((performance.now() - t0) / 1000).toFixed(2),
    phase,
    rss: mib(m.rss),
    hwm: mib(h),
    heapUsed: mib(m.heapUsed),
    external: mib(m.external),
    arrayBuffers: mib(m.arrayBuffers),
    ...(note ? { note } : {}),
  };
  const p = peaks.get(phase);
  if (!p || e.rss > p.rss) peaks.set(phase, e);
  if (note) events.push(e);
  if (note && process.env.RSS_TRACE_SMAPS && /end$/.test(note)) e.smaps = smaps();
  return e;
}

/** Resident MiB by kind of mapping (RSS_TRACE_SMAPS=1): files, brk heap, anonymous by size. */
function smaps() {
  const out = { file: 0, heap: 0, stack: 0, anonSmall: 0, anon32M: 0 };
  let kind = 'anonSmall';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      const size = Number.parseInt(head[2], 16) - Number.parseInt(head[1], 16);
      const name = head[3];
      kind = name.startsWith('/')
        ? 'file'
        : name === '[heap]'
          ? 'heap'
          : name.startsWith('[stack')
            ? 'stack'
            : size >= 32 * 2 ** 20
              ? 'anon32M'
              : 'anonSmall';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] += Number(rss[1]) / 1024;
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]);
  return out;
}
const timer = setInterval(() => sample(), 50);
timer.unref();

// Label onnxruntime sessions by what they are (inputs tell the models apart).
const require = createRequire(`${process.cwd()}/`);
let ort;
try {
  ort = require(require.resolve('onnxruntime-node', { paths: [process.cwd(), process.argv[1] ?? '.'] }));
} catch {}
if (ort) {
  const create = ort.InferenceSession.create.bind(ort.InferenceSession);
  let created = 0;
  ort.InferenceSession.create = async (...args) => {
    const id = ++created;
    sample(`create#${id} begin`);
    const s = await create(...args);
    const names = s.inputNames;
    const kind = names.includes('xs')
      ? 'epoch'
      : names.includes('a') && names.length === 2
        ? 'gemm'
        : s.outputNames.includes('loss')
          ? 'step'
          : s.outputNames.length === 1
            ? 'predict'
            : 'eval';
    sample(`create#${id} ${kind} end`);
    const run = s.run.bind(s);
    s.run = async (...a) => {
      const prev = phase;
      phase = kind;
      sample(`run ${kind} begin`);
      try {
        return await run(...a);
      } finally {
        sample(`run ${kind} end`);
        phase = prev === kind ? 'js' : prev;
        if (phase === 'start-up') phase = 'js';
      }
    };
    return s;
  };
}

process.on('exit', () => {
  sample('exit');
  if (out) writeFileSync(out, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const lines = [...peaks.values()].map(
    (p) =>
      `  ${p.phase.padEnd(9)} peak ${String(p.rss).padStart(5)} MiB at ${p.t}s (heap ${p.heapUsed}, external ${p.external})`,
  );
  const raised = [...hwmPeaks].map(([p, b]) => `${p} ${mib(b)} MiB`).join(', ');
  process.stderr.write(
    `rss-trace peaks by phase (sampled every 50 ms):\n${lines.join('\n')}\n  VmHWM raised during: ${raised}\n`,
  );
  if (out) appendFileSync(out, `${JSON.stringify({ peaks: [...peaks.values()] })}\n`);
});
