import { describe, expect, it } from 'vitest';
import type { KernelConfig } from '../reference/kernel';
import { REFERENCE_KERNELS } from '../reference/register-all';
import { kernelTableOps } from './kernel-table';
import type { KernelTable } from './kernel-table';
import { OP_NAMES } from './ops';
import type { OpName } from './ops';

type RefTable<Gap extends OpName = never> = KernelTable<{ [K in OpName]: KernelConfig<K> }, Gap>;
const { adamUpdate: _adam, ...withoutAdam } = REFERENCE_KERNELS;

// Compile-time checks (typecheck fails if an expected error disappears):
// @ts-expect-error a table missing an op is a type error ...
const missing: RefTable = withoutAdam;
// ... unless the op is a declared gap
const declaredGap: RefTable<'adamUpdate'> = withoutAdam;
// @ts-expect-error a key holding another op's kernel is a type error
const swapped: RefTable = { ...REFERENCE_KERNELS, relu: REFERENCE_KERNELS.matmul };

describe('kernel tables', () => {
  it('kernelTableOps lists the implemented ops in IR order, without declared gaps', () => {
    expect(kernelTableOps(REFERENCE_KERNELS)).toEqual([...OP_NAMES]);
    expect(kernelTableOps(declaredGap)).toEqual(OP_NAMES.filter((op) => op !== 'adamUpdate'));
    expect([missing, swapped].length).toBe(2);
  });
});
