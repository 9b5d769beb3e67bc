import { BenchError } from '../errors';
import type { ParamInfo, Program } from '../ir/graph';
import type { HostTensor, NamedTensors } from '../tensor';
import { sizeOf } from '../tensor';
import { Rng } from '../util/random';

/** FNV-1a over the UTF-16 code units of a string, as an unsigned 32-bit integer. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Initial values of one parameter. Recipe (every backend gets its weights from here, never from
 * its own initialiser): `rng = new Rng((seed ^ fnv1a32(param.name)) >>> 0)`; then for each
 * element in row-major order `Math.fround(rng.uniform(-limit, limit))` with
 * `limit = sqrt(6 / (fanIn + fanOut))` for glorotUniform (Keras' default kernel init; conv
 * fans are kh*kw*inChannels and kh*kw*filters) or `sqrt(6 / fanIn)` for heUniform; zeros for
 * `zeros` (biases, batch-norm shifts and running means), ones for `ones` (batch-norm scales and
 * running variances). Seeding per parameter name keeps a parameter's values independent of the
 * other layers.
 */
export function initParam(param: ParamInfo, seed: number): HostTensor<'float32'> {
  const data = new Float32Array(sizeOf(param.shape));
  const init = param.init;
  if (init.kind === 'ones') data.fill(1);
  else if (init.kind !== 'zeros') {
    const limit =
      init.kind === 'glorotUniform' ? Math.sqrt(6 / (init.fanIn + init.fanOut)) : Math.sqrt(6 / init.fanIn);
    if (!Number.isFinite(limit)) {
      throw new BenchError(
        'BenchError.Init',
        `param "${param.name}": init ${JSON.stringify(init)} gives no finite limit; fans must be > 0`,
      );
    }
    const rng = new Rng((seed ^ fnv1a32(param.name)) >>> 0);
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-limit, limit);
  }
  return { dtype: 'float32', shape: [...param.shape], data };
}

/**
 * Initial weights of every parameter of a program, in canonical layout, deterministic for a seed
 * (see `initParam` for the exact recipe). Frozen parameters are initialised too.
 */
export function initWeights(program: Program, seed = 0): NamedTensors {
  const out: NamedTensors = {};
  for (const p of program.params) out[p.name] = initParam(p, seed);
  return out;
}
