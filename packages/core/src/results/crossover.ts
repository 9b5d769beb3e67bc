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
  /** Interpolated parameter count of the flip, or null when the order never flips in range. */
  params: number | null;
  /** Which backend is faster below and above the flip. */
  fasterBelow?: 'a' | 'b';
  description: string;
}

/**
 * Finds the crossover of backends `a` and `b` over the model sizes both measured.
 * `names` only feed the description. Sizes measured by one side only are ignored.
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
  if (common.length === 0)
    return { params: null, description: `no model size measured on both ${names[0]} and ${names[1]}` };
  for (let i = 0; i + 1 < common.length; i++) {
    const lo = common[i]!;
    const hi = common[i + 1]!;
    if (lo.diff === 0 || Math.sign(lo.diff) === Math.sign(hi.diff) || hi.diff === 0) continue;
    const la = Math.log(lo.params);
    const lb = Math.log(hi.params);
    const at = Math.round(Math.exp(la + ((lb - la) * lo.diff) / (lo.diff - hi.diff)));
    const fasterBelow = lo.diff < 0 ? 'a' : 'b';
    const [below, above] = fasterBelow === 'a' ? names : [names[1], names[0]];
    return {
      params: at,
      fasterBelow,
      description: `${below} is faster below ~${at.toLocaleString('en-US')} parameters, ${above} from there on (between ${lo.params.toLocaleString('en-US')} and ${hi.params.toLocaleString('en-US')})`,
    };
  }
  const faster = common.every((p) => p.diff <= 0)
    ? names[0]
    : common.every((p) => p.diff >= 0)
      ? names[1]
      : null;
  return {
    params: null,
    description: faster
      ? `no crossover in range: ${faster} is faster at every measured size`
      : 'no crossover in range',
  };
}
