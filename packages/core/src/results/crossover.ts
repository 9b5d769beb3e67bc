/**
 * Crossover of two backends' timings over model size (E3): the parameter count where their
 * order flips, interpolated on log(parameter count) between the two measured sizes around the
 * first sign change of the time difference.
 */

/** One measured point of a backend: a model size and its time. */
export interface SizeTiming {
  params: number;
  seconds: number;
}

/** Where, if anywhere, two backends swap places. */
export interface Crossover {
  /** Interpolated parameter count of the first flip, or null when the order never flips in range. */
  params: number | null;
  /** Which backend is faster below the first flip. */
  fasterBelow?: 'a' | 'b';
  /** Every flip in order of size (the order can flip back, e.g. within measurement noise). */
  crossings: { params: number; fasterAbove: 'a' | 'b' }[];
  description: string;
}

/**
 * Finds where backends `a` and `b` swap places over the model sizes both measured (flips are
 * interpolated on log(parameter count)). `names` only feed the description. Sizes measured by
 * one side only are ignored.
 */
export function findCrossover(
  a: readonly SizeTiming[],
  b: readonly SizeTiming[],
  names: [string, string] = ['a', 'b'],
): Crossover {
  const bBySize = new Map(b.map((p) => [p.params, p.seconds]));
  const common = a
    .filter((p) => bBySize.has(p.params))
    .map((p) => ({ params: p.params, diff: p.seconds - bBySize.get(p.params)! }))
    .sort((x, y) => x.params - y.params);
  if (common.length === 0) {
    return {
      params: null,
      crossings: [],
      description: `no model size measured on both ${names[0]} and ${names[1]}`,
    };
  }
  const fmt = (n: number) => n.toLocaleString('en-US');
  const name = (side: 'a' | 'b') => (side === 'a' ? names[0] : names[1]);
  const crossings: Crossover['crossings'] = [];
  const between: string[] = [];
  for (let i = 0; i + 1 < common.length; i++) {
    const lo = common[i]!;
    const hi = common[i + 1]!;
    if (lo.diff === 0 || hi.diff === 0 || Math.sign(lo.diff) === Math.sign(hi.diff)) continue;
    const la = Math.log(lo.params);
    const lb = Math.log(hi.params);
    const at = Math.round(Math.exp(la + ((lb - la) * lo.diff) / (lo.diff - hi.diff)));
    // diff = a - b: negative below means a is faster below, so b is faster above.
    crossings.push({ params: at, fasterAbove: lo.diff < 0 ? 'b' : 'a' });
    between.push(`between ${fmt(lo.params)} and ${fmt(hi.params)}`);
  }
  if (crossings.length === 0) {
    const faster = common.every((p) => p.diff <= 0)
      ? names[0]
      : common.every((p) => p.diff >= 0)
        ? names[1]
        : null;
    return {
      params: null,
      crossings,
      description: faster
        ? `no crossover in range: ${faster} is faster at every measured size`
        : 'no crossover in range',
    };
  }
  const first = crossings[0]!;
  const fasterBelow = first.fasterAbove === 'a' ? 'b' : 'a';
  const description =
    crossings.length === 1
      ? `${name(fasterBelow)} is faster below ~${fmt(first.params)} parameters, ${name(first.fasterAbove)} from there on (${between[0]})`
      : `the order flips ${crossings.length} times: ${name(fasterBelow)} is faster below ~${fmt(first.params)} parameters, then ${crossings
          .map((c) => `${name(c.fasterAbove)} from ~${fmt(c.params)}`)
          .join(', then ')}; flips between neighbouring sizes may be within measurement noise`;
  return { params: first.params, fasterBelow, crossings, description };
}
