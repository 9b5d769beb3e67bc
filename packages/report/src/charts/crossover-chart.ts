/**
 * E3: seconds vs parameter count on a log x axis, one line per backend, with the crossover of
 * each pair of backends marked (from `findCrossover` in @bench/core).
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

/** The E3 chart, or null when no backend ran two or more model sizes. */
export function crossoverChart(runs: readonly RunRecord[], id = 'crossover'): Chart | null {
  const { points, crossovers } = crossoverData(runs);
  if (![...groupBy(points, (p) => p.backend).values()].some((g) => g.length >= 2)) return null;
  // Every flip is marked: the order of two backends can flip back at larger sizes.
  const marks = crossovers.flatMap((c) => c.flips.map((params) => ({ params, label: `${c.a} / ${c.b}` })));
  return {
    id,
    title: 'Training time vs model size',
    caption: crossovers.length
      ? crossovers.map((c) => c.description).join(' ')
      : 'One backend only: no crossover to find.',
    spec: {
      $schema: VL_SCHEMA,
      width: 560,
      height: 300,
      layer: [
        {
          data: { values: points },
          mark: { type: 'line', point: true },
          encoding: {
            x: {
              field: 'params',
              type: 'quantitative',
              scale: { type: 'log' },
              title: 'parameters (log scale)',
            },
            y: { field: 'seconds', type: 'quantitative', title: 'training seconds' },
            color: { field: 'backend', type: 'nominal' },
            tooltip: [
              { field: 'backend' },
              { field: 'params', format: ',' },
              { field: 'seconds', format: '.3f' },
            ],
          },
        },
        ...(marks.length
          ? [
              {
                data: { values: marks },
                layer: [
                  {
                    mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
                    encoding: { x: { field: 'params', type: 'quantitative' } },
                  },
                  {
                    mark: { type: 'text', align: 'left', dx: 4, dy: -6, baseline: 'top', color: 'gray' },
                    encoding: {
                      x: { field: 'params', type: 'quantitative' },
                      y: { value: 0 },
                      text: { field: 'label' },
                    },
                  },
                ],
              },
            ]
          : []),
      ],
    },
  };
}
