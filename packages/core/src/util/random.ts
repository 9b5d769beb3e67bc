/**
 * Seeded randomness. Everything random in Bench (weight init, shuffles, splits, data sets,
 * dropout masks) comes from here so that every backend sees the same numbers.
 */

/** murmur3's 32-bit finaliser: a cheap, well-mixed integer hash. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Uniform in [0, 1) from (seed, step, index) with 24 bits of resolution, so the value is exact in
 * float32. This is the definition of the dropout mask: element `index` (row-major) of a dropout
 * node with attribute `seed` at training step `step` (1-based) is kept iff
 * `counterUniform(seed, step, index) >= rate`. Adapters that cannot compute it on the device may
 * compute masks on the host with this function.
 */
export function counterUniform(seed: number, step: number, index: number): number {
  const a = fmix32((seed ^ Math.imul(step, 0x9e3779b1)) >>> 0);
  const h = fmix32((a ^ Math.imul(index + 1, 0x85ebca77)) >>> 0);
  return (h >>> 8) / 16777216;
}

/** A small seeded generator (mulberry32). Fast, 32-bit state, good enough for ML data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = fmix32(seed >>> 0) || 0x6d2b79f5;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T>(items: T[] | Int32Array): typeof items {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}
