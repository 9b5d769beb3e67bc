/**
 * Telemetry timelines, like nvtop: CPU %, RSS, GPU utilisation and GPU memory against time,
 * with the epoch boundaries as vertical rules. Panels without data (no GPU) are left out.
 */
import type { TelemetryRecord } from '@bench/core';
import { runLabel } from '../records';
import { type Chart, VL_SCHEMA } from './chart';

const PANELS = [
  { key: 'cpuPercent', title: 'CPU %', scale: 1 },
  { key: 'rssBytes', title: 'RSS MiB', scale: 1 / 1048576 },
  { key: 'gpuUtilPercent', title: 'GPU util %', scale: 1 },
  { key: 'gpuMemoryUsedBytes', title: 'GPU memory MiB', scale: 1 / 1048576 },
] as const;

/** Times at which a new epoch began (first sample tagged with it). */
export function epochBoundaries(rec: TelemetryRecord): { t: number; epoch: number }[] {
  const out: { t: number; epoch: number }[] = [];
  let last: number | undefined;
  for (const s of rec.samples) {
    if (s.epoch !== undefined && s.epoch !== last) {
      out.push({ t: s.t, epoch: s.epoch });
      last = s.epoch;
    }
  }
  return out;
}

/** The timeline of one telemetry record, or null when it has no samples. */
export function telemetryChart(rec: TelemetryRecord, id: string): Chart | null {
  if (rec.samples.length === 0) return null;
  const bounds = epochBoundaries(rec);
  const panels = PANELS.filter((p) => rec.samples.some((s) => s[p.key] !== undefined)).map((p) => ({
    width: 560,
    height: 90,
    layer: [
      {
        data: {
          values: rec.samples
            .filter((s) => s[p.key] !== undefined)
            .map((s) => ({ t: s.t, value: (s[p.key] as number) * p.scale, epoch: s.epoch ?? null })),
        },
        mark: { type: 'area', line: true, opacity: 0.3 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'seconds' },
          y: { field: 'value', type: 'quantitative', title: p.title },
          tooltip: [{ field: 't', format: '.2f' }, { field: 'value', format: '.1f' }, { field: 'epoch' }],
        },
      },
      ...(bounds.length
        ? [
            {
              data: { values: bounds },
              mark: { type: 'rule', strokeDash: [3, 3], color: 'gray' },
              encoding: { x: { field: 't', type: 'quantitative' }, tooltip: [{ field: 'epoch' }] },
            },
          ]
        : []),
    ],
  }));
  return {
    id,
    title: `Telemetry: ${runLabel(rec)}`,
    caption: `Sampled every ${rec.intervalMs} ms${rec.gpuName ? ` on ${rec.gpuName}` : ''}; dashed lines mark epoch starts.${panels.length < PANELS.length ? ' GPU panels absent: no GPU telemetry (nvidia-smi not found).' : ''}`,
    spec: { $schema: VL_SCHEMA, vconcat: panels },
  };
}
