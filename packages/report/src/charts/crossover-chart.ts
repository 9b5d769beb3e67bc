/**
 * E3: training seconds vs parameter count, both axes log (a 0.07 s model and a 1,586 s one share
 * the chart), one line per backend, each pair's crossover marked; beside it the speedup ratio of
 * every backend pair, where the ratio crossing 1.0 is the answer.
 */
import { type RunRecord, findCrossover, median, steadyTrainSeconds } from '@bench/core';
import { groupBy } from '../records';
import { type Chart, VL_SCHEMA } from './chart';

/** Crossovers found between each pair of backends. */
export interface CrossoverMark {
  a: string;
  b: string;
  /** The first flip, or null. */
  params: number | null;
  /** Every flip (parameter counts), in order of size. */
  flips: number[];
  description: string;
}

/** One point of the ratio panel: time of `a` over time of `b` at one model size. */
export interface SpeedupPoint {
  pair: string;
  params: number;
  ratio: number;
}

/**
 * Median steady-state training seconds (`steadyTrainSeconds`: first epoch's one-off costs left out)
 * per (backend, params) over ok runs, and the crossovers of each pair.
 */
export function crossoverData(runs: readonly RunRecord[]): {
  points: { backend: string; params: number; seconds: number }[];
  crossovers: CrossoverMark[];
} {
  const ok = runs.filter((r) => r.status === 'ok' && r.params > 0);
  const points = [...groupBy(ok, (r) => `${r.backend}\u0000${r.params}`).values()].map((g) => ({
    backend: g[0].backend,
    params: g[0].params,
    seconds: median(g.map(steadyTrainSeconds)) as number,
  }));
  const backends = [...new Set(points.map((p) => p.backend))];
  const crossovers: CrossoverMark[] = [];
  for (let i = 0; i < backends.length; i++) {
    for (let j = i + 1; j < backends.length; j++) {
      const [a, b] = [backends[i], backends[j]];
      const c = findCrossover(
        points.filter((p) => p.backend === a),
        points.filter((p) => p.backend === b),
        [a, b],
      );
      crossovers.push({
        a,
        b,
        params: c.params,
        flips: c.crossings.map((x) => x.params),
        description: c.description,
      });
    }
  }
  return { points: points.sort((x, y) => x.params - y.params), crossovers };
}

/** The label of a pair in the ratio panel: `a / b`, above 1 where b is faster. */
export function pairLabel(a: string, b: string): string {
  return `${a} / ${b}`;
}

/** Seconds of `a` over seconds of `b` at every size both measured, for every pair. */
export function speedupPoints(
  points: readonly { backend: string; params: number; seconds: number }[],
  crossovers: readonly CrossoverMark[],
): SpeedupPoint[] {
  const at = new Map(points.map((p) => [`${p.backend}\u0000${p.params}`, p.seconds]));
  return crossovers.flatMap((c) =>
    points
      .filter((p) => p.backend === c.a && (at.get(`${c.b}\u0000${p.params}`) ?? 0) > 0 && p.seconds > 0)
      .map((p) => ({
        pair: pairLabel(c.a, c.b),
        params: p.params,
        ratio: p.seconds / (at.get(`${c.b}\u0000${p.params}`) as number),
      })),
  );
}

const fmtParams = (n: number) => n.toLocaleString('en-US');

/** The E3 chart, or null when no backend ran two or more model sizes. */
export function crossoverChart(runs: readonly RunRecord[], id = 'crossover'): Chart | null {
  const { points, crossovers } = crossoverData(runs);
  if (![...groupBy(points, (p) => p.backend).values()].some((g) => g.length >= 2)) return null;
  const ratios = speedupPoints(points, crossovers);
  // Every flip is marked: the order of two backends can flip back at larger sizes.
  const marks = crossovers
    .flatMap((c) =>
      c.flips.map((params) => ({
        params,
        pair: pairLabel(c.a, c.b),
        label: `crossover ~${fmtParams(params)} params`,
      })),
    )
    // One text row per mark (pixels from the top), so labels of several pairs do not overlap.
    .map((m, i) => ({ ...m, labelY: 4 + 14 * i }));
  const xLog = (title: string) => ({
    field: 'params',
    type: 'quantitative',
    scale: { type: 'log' },
    axis: { format: '~s' },
    title,
  });
  const markLayer = () =>
    marks.length
      ? [
          {
            data: { values: marks },
            layer: [
              {
                mark: { type: 'rule', strokeDash: [4, 4], color: '#b00020', strokeWidth: 1.5 },
                encoding: {
                  x: { field: 'params', type: 'quantitative' },
                  tooltip: [{ field: 'pair' }, { field: 'params', format: ',' }],
                },
              },
              {
                mark: {
                  type: 'text',
                  align: 'left',
                  dx: 4,
                  baseline: 'top',
                  color: '#b00020',
                  fontWeight: 'bold',
                },
                encoding: {
                  x: { field: 'params', type: 'quantitative' },
                  y: { field: 'labelY', type: 'quantitative', scale: null },
                  text: { field: 'label' },
                },
              },
            ],
          },
        ]
      : [];
  const timePanel = {
    width: 480,
    height: 300,
    title: 'training seconds (log) vs parameters (log)',
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: {
          x: xLog('parameters (log scale)'),
          y: {
            field: 'seconds',
            type: 'quantitative',
            scale: { type: 'log' },
            title: 'training seconds (log scale)',
          },
          color: { field: 'backend', type: 'nominal', legend: { orient: 'bottom', columns: 1 } },
          tooltip: [
            { field: 'backend' },
            { field: 'params', format: ',' },
            { field: 'seconds', format: '.3f' },
          ],
        },
      },
      ...markLayer(),
    ],
  };
  // The 1.0 line is the answer: keep it inside the (log) axis even when every ratio is on one side.
  const rs = ratios.map((r) => r.ratio);
  const ratioDomain = [Math.min(1, ...rs) / 1.25, Math.max(1, ...rs) * 1.25];
  const ratioPanel = {
    width: 420,
    height: 300,
    title: 'speedup ratio per backend pair: time a / time b',
    layer: [
      {
        data: { values: ratios },
        mark: { type: 'line', point: true },
        encoding: {
          x: xLog('parameters (log scale)'),
          y: {
            field: 'ratio',
            type: 'quantitative',
            scale: { type: 'log', domain: ratioDomain, nice: false },
            title: 'time a / time b (log; above 1: b is faster)',
          },
          color: { field: 'pair', type: 'nominal', legend: { orient: 'bottom', columns: 1, title: 'a / b' } },
          tooltip: [{ field: 'pair' }, { field: 'params', format: ',' }, { field: 'ratio', format: '.3f' }],
        },
      },
      {
        data: { values: [{ ratio: 1 }] },
        mark: { type: 'rule', color: '#444' },
        encoding: { y: { field: 'ratio', type: 'quantitative' } },
      },
      ...markLayer(),
    ],
  };
  return {
    id,
    title: 'Training time vs model size',
    caption: crossovers.length
      ? `${crossovers.map((c) => `${c.a} vs ${c.b}: ${c.description}.`).join(' ')} Medians over repeats of ok runs; red dashed lines mark the crossovers.`
      : 'One backend only: no crossover to find.',
    spec: {
      $schema: VL_SCHEMA,
      hconcat: crossovers.length ? [timePanel, ratioPanel] : [timePanel],
      resolve: { scale: { color: 'independent' } },
    },
  };
}
