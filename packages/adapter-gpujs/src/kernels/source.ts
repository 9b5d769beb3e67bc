/**
 * Small code generators for kernel sources. Kernels are written as `function (...) {}` strings
 * (not TypeScript functions) so that no transpiler rewrites what gpu.js parses; shapes are
 * inlined as integer literals when a kernel is built, float hyper-parameters are passed as
 * float arguments.
 */

/**
 * Statements that split the flat index `idx` into row-major coordinates: `dims` is
 * `[[name, size], ...]` outermost first; the outermost coordinate gets no modulo.
 */
export function decodeIndex(idx: string, dims: readonly (readonly [string, number])[]): string {
  const lines: string[] = [];
  let cur = idx;
  for (let d = dims.length - 1; d >= 1; d--) {
    const [name, size] = dims[d]!;
    const q = `q_${name}`;
    lines.push(`const ${q} = Math.floor(${cur} / ${size});`);
    lines.push(`const ${name} = ${cur} - ${q} * ${size};`);
    cur = q;
  }
  lines.push(`const ${dims[0]![0]} = ${cur};`);
  return lines.join('\n  ');
}

/** Product of a shape. */
export function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Kernel-source test "v is NaN". `v !== v` is folded to false by WGSL compilers (WGSL lets them
 * assume finite math), so it compares with a large constant instead: a NaN is neither <= nor >
 * it, and no optimizer can fold that without knowing v.
 */
export function isNanSrc(v: string): string {
  return `(!(${v} <= 3.0e38) && !(${v} > 3.0e38))`;
}

/**
 * Kernel-source condition for a first-maximum search that treats NaN as the maximum (as
 * PyTorch): take v when it is larger, or when it is the first NaN (best is not NaN yet).
 */
export function takesMaxSrc(v: string, best: string): string {
  return `(${v} > ${best} || (${isNanSrc(v)} && (${best} <= 3.0e38 || ${best} > 3.0e38)))`;
}
