/**
 * Runs one sweep cell in its own child process and turns whatever happens to it (success, a
 * thrown error, out of memory, a signal, a timeout, a NaN loss) into complete records, run
 * record last. The parent samples the child's telemetry (so a trace exists up to the moment a
 * cell dies) and enforces the time and memory limits.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BenchError } from '../errors';
import { hostInfo } from '../results/host';
import { validateRecord } from '../results/jsonl';
import {
  type EpochRecord,
  RESULTS_SCHEMA_VERSION,
  type ResultRecord,
  type RunRecord,
  type RunStatus,
  type TelemetryRecord,
} from '../results/schema';
import { findDevicePeak, resolveDevicePeak } from '../telemetry/device-peaks';
import { mfu } from '../telemetry/mfu';
import { createTelemetrySampler } from '../telemetry/telemetry-sampler-impl';
import { gpuIdleWarning, summarizeTelemetry } from '../telemetry/telemetry-summary';
import { isOomText } from './classify-failure';
import { findDivergence, isFiniteEpoch, summarizeRun } from './summarize-run';
import type { CellResult, CellRunOptions } from './sweep-events';
import type { SweepCell } from './sweep-plan';
import type { CellDescription, WorkerMessage } from './worker-protocol';

const MIB = 1024 * 1024;
const STDERR_TAIL = 4000;

/** A failure the parent decided on (its reason wins over what the child said). */
interface Verdict {
  status: RunStatus;
  reason: string;
  divergence?: RunRecord['divergence'];
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/**
 * Forks `options.workerModule`, sends it the cell, collects its records and returns them with a
 * run record that always exists: the worker's own (telemetry peaks and means merged in) when it
 * finished, else one the parent builds with the failure's status and reason.
 */
export function runCellInChild(
  cell: SweepCell,
  options: CellRunOptions,
  position = { index: 0, total: 1 },
): Promise<CellResult> {
  const modulePath = options.workerModule.startsWith('file:')
    ? fileURLToPath(options.workerModule)
    : options.workerModule;
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const execArgv = [
    ...(options.memoryLimitMb
      ? [`--max-old-space-size=${Math.max(16, Math.floor(options.memoryLimitMb))}`]
      : []),
    ...(options.execArgv ?? []),
  ];
  const child = fork(modulePath, [], {
    execArgv,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  options.onEvent?.({ type: 'cell-start', cell, ...position, pid: child.pid ?? -1 });

  const records: ResultRecord[] = [];
  let info: CellDescription = {};
  let done = false;
  let workerError: { message: string; name?: string; diverged?: boolean } | undefined;
  let verdict: Verdict | undefined;
  let stderr = '';
  let spawnError: Error | undefined;

  const kill = (v: Verdict) => {
    if (!verdict) verdict = v;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };

  const limitBytes = options.memoryLimitMb ? options.memoryLimitMb * MIB : undefined;
  const sampler = createTelemetrySampler({
    pid: child.pid ?? process.pid,
    intervalMs: options.telemetryIntervalMs ?? 250,
    nvidiaSmi: options.nvidiaSmi ?? 'auto',
    onSample: (s) => {
      if (limitBytes !== undefined && s.rssBytes !== undefined && s.rssBytes > limitBytes) {
        kill({
          status: 'oom',
          reason: `worker RSS ${(s.rssBytes / MIB).toFixed(0)} MiB exceeded the cell memory limit of ${options.memoryLimitMb} MiB (memoryLimitMb) and was killed; use a smaller batch size or model, or raise --memory-limit`,
        });
      }
    },
  });
  const timer = options.timeoutMs
    ? setTimeout(
        () =>
          kill({
            status: 'timeout',
            reason: `cell ran past its time limit of ${(options.timeoutMs! / 1000).toFixed(1)} s (timeoutSeconds) and was killed; raise --timeout or run fewer epochs`,
          }),
        options.timeoutMs,
      )
    : undefined;

  child.stdout?.resume(); // worker stdout is not part of the results; drain it.
  let partial = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
    if (options.onEvent) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) options.onEvent({ type: 'stderr', cell, line });
    }
  });

  child.on('message', (raw: unknown) => {
    const message = raw as WorkerMessage;
    switch (message?.type) {
      case 'record': {
        const r = { ...message.record, cellId: cell.id, repeat: cell.repeat } as ResultRecord;
        // A worker module that sends a non-finite epoch (the CLI's own never does: its run record
        // says `diverged`) is stopped here; the record could not be validated or written.
        if (r.kind === 'epoch' && !isFiniteEpoch(r)) {
          const divergence = findDivergence([r]);
          kill({
            status: 'diverged',
            reason: `${Number.isFinite(r.trainLoss) ? 'validation' : 'train'} loss became ${divergence?.loss} in epoch ${r.epoch}; lower the learning rate or check the data`,
            divergence,
          });
          return;
        }
        try {
          records.push(validateRecord(r));
          options.onEvent?.({ type: 'record', cell, record: r });
        } catch (error) {
          kill({
            status: 'failed',
            reason: `the worker sent an invalid ${r.kind ?? 'unknown'} record: ${(error as Error).message}`,
          });
        }
        return;
      }
      case 'epoch':
        sampler.setEpoch(message.epoch);
        options.onEvent?.({ type: 'epoch', cell, epoch: message.epoch, epochs: cell.epochs });
        return;
      case 'describe':
        info = { ...info, ...message.info };
        return;
      case 'done':
        done = true;
        return;
      case 'error':
        workerError = { message: message.message, name: message.name, diverged: message.diverged };
        return;
    }
  });

  child.send({ type: 'cell', cell }, (error) => {
    if (error) spawnError ??= error;
  });

  return new Promise<CellResult>((resolve) => {
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      const samples = [...sampler.stop()];
      const seconds = (performance.now() - t0) / 1000;
      const outcome = decide({ code, signal, done, workerError, verdict, stderr, spawnError, records });
      resolve(
        buildResult(cell, options, {
          records,
          info,
          samples,
          gpuName: sampler.gpuName,
          outcome,
          seconds,
          startedAt,
        }),
      );
    };
    child.on('error', (error) => {
      spawnError ??= error;
      if (child.pid === undefined) finish(null, null);
    });
    // 'close' waits for stdio too (the stderr tail); a grandchild holding the pipes open must not
    // hang the sweep, so 'exit' finishes after a short grace period.
    child.on('close', (code, signal) => finish(code, signal));
    child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 500).unref());
  });
}

interface Decision {
  status: RunStatus;
  reason?: string;
  divergence?: RunRecord['divergence'];
}

function decide(s: {
  code: number | null;
  signal: NodeJS.Signals | null;
  done: boolean;
  workerError?: { message: string; name?: string; diverged?: boolean };
  verdict?: Verdict;
  stderr: string;
  spawnError?: Error;
  records: ResultRecord[];
}): Decision {
  if (s.verdict) return s.verdict;
  const workerRun = s.records.find((r): r is RunRecord => r.kind === 'run');
  if (s.spawnError && !s.done)
    return { status: 'failed', reason: `could not run the worker module: ${s.spawnError.message}` };
  if (s.workerError) {
    const text = `${s.workerError.name && s.workerError.name !== 'Error' ? `${s.workerError.name}: ` : ''}${s.workerError.message}`;
    return {
      status: isOomText(text) ? 'oom' : s.workerError.diverged ? 'diverged' : 'failed',
      reason: text,
    };
  }
  if (s.done && s.code === 0) {
    return workerRun ? { status: workerRun.status, reason: workerRun.error } : { status: 'ok' };
  }
  const tail = lastLines(s.stderr, 6);
  const how = s.signal
    ? `the worker was killed by signal ${s.signal}`
    : `the worker exited with code ${s.code}`;
  const reason = `${how}${s.done ? ' after finishing' : ' before finishing'}${tail ? `; stderr: ${tail}` : ''}`;
  if (isOomText(s.stderr)) {
    const line = s.stderr
      .split('\n')
      .find((l) => isOomText(l))
      ?.trim();
    return { status: 'oom', reason: `${how} out of memory: ${line}` };
  }
  // A worker that finished and wrote its run record but exited oddly keeps its own status.
  if (s.done && workerRun) return { status: workerRun.status, reason: workerRun.error };
  return { status: 'failed', reason };
}

function buildResult(
  cell: SweepCell,
  options: CellRunOptions,
  s: {
    records: ResultRecord[];
    info: CellDescription;
    samples: TelemetryRecord['samples'];
    gpuName?: string;
    outcome: Decision;
    seconds: number;
    startedAt: string;
  },
): CellResult {
  const workerRun = s.records.find((r): r is RunRecord => r.kind === 'run');
  const epochs = s.records.filter((r): r is EpochRecord => r.kind === 'epoch');
  const first = workerRun ?? s.records[0];
  const identity = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: first?.runId ?? cell.id,
    cellId: cell.id,
    experiment: cell.experiment,
    backend: cell.backend,
    device: first?.device ?? s.info.device ?? 'unknown',
    batchSize: first?.batchSize ?? cell.batchSize,
    params: first?.params ?? s.info.params ?? 0,
    ...(cell.layers !== undefined ? { layers: cell.layers } : {}),
    ...(cell.model !== undefined ? { model: cell.model } : {}),
    repeat: cell.repeat,
  };
  const summary = summarizeTelemetry(s.samples);
  // The worker's own run record when it wrote one; else the same summary built from the epoch
  // records that arrived before it died.
  let run: RunRecord = workerRun
    ? { ...workerRun }
    : summarizeRun({
        identity,
        epochs,
        totalSeconds: s.seconds,
        peakRssBytes: 0,
        flopsPerSample: s.info.flopsPerSample,
        startedAt: s.startedAt,
        host: hostInfo(),
      });
  if (s.outcome.divergence && !run.divergence) run.divergence = s.outcome.divergence;
  run.status = s.outcome.status;
  if (s.outcome.status !== 'ok') run.error = s.outcome.reason ?? run.error;
  run.peakRssBytes = Math.max(run.peakRssBytes ?? 0, summary.peakRssBytes ?? 0);
  if (run.meanCpuPercent === undefined && summary.meanCpuPercent !== undefined)
    run.meanCpuPercent = summary.meanCpuPercent;
  if (run.meanGpuUtilPercent === undefined && summary.meanGpuUtilPercent !== undefined)
    run.meanGpuUtilPercent = summary.meanGpuUtilPercent;
  if (run.peakDeviceBytes === undefined && summary.peakGpuMemoryBytes !== undefined)
    run.peakDeviceBytes = summary.peakGpuMemoryBytes;
  const warnings = [...(run.warnings ?? [])];
  const idle = s.info.deviceKind
    ? gpuIdleWarning({ backend: cell.backend, deviceKind: s.info.deviceKind, samples: s.samples })
    : undefined;
  if (idle) warnings.push(idle);
  const flops = run.flopsPerSample ?? s.info.flopsPerSample;
  if (run.mfu === undefined && flops && run.samplesPerSecond && s.info.deviceKind === 'gpu') {
    try {
      const name = s.gpuName ?? run.device;
      const precision = options.peakPrecision ?? 'fp32';
      const peak = resolveDevicePeak(name, precision, { peakFlops: options.peakFlops });
      if (peak) {
        run.mfu = mfu(flops * 3, run.samplesPerSecond, peak);
        run.peakFlops = peak;
        run.peakSource = peakSourceOf(name, precision, options.peakFlops);
      }
    } catch (error) {
      warnings.push(BenchError.isInstance(error) ? error.message : String(error));
    }
  }
  if (warnings.length) run.warnings = warnings;
  run = validateRecord(run) as RunRecord;

  const others = s.records.filter((r) => r.kind !== 'run');
  const hasTelemetry = others.some((r) => r.kind === 'telemetry');
  const out: ResultRecord[] = [...others];
  if (!hasTelemetry && s.samples.length) {
    out.push(
      validateRecord({
        ...identity,
        runId: run.runId,
        device: run.device,
        params: run.params,
        batchSize: run.batchSize,
        kind: 'telemetry',
        intervalMs: options.telemetryIntervalMs ?? 250,
        ...(s.gpuName ? { gpuName: s.gpuName } : {}),
        samples: s.samples,
      }),
    );
  }
  out.push(run);
  return { cell, status: run.status, reason: run.error, records: out, run, seconds: s.seconds };
}

/** Where `resolveDevicePeak`'s number came from, for the run record. */
function peakSourceOf(device: string, precision: string, option: number | undefined): string {
  if (option !== undefined) return 'peakFlops option';
  if (process.env.BENCH_PEAK_TFLOPS) return `BENCH_PEAK_TFLOPS=${process.env.BENCH_PEAK_TFLOPS}`;
  const entry = findDevicePeak(device);
  return entry ? `${entry.source}, ${entry.name} ${precision} dense` : 'unknown';
}
