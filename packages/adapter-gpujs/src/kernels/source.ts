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
