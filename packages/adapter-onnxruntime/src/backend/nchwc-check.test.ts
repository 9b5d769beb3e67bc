/**
 * The startup check of the NCHWc kernels passes here, and a failed check turns the NCHWc lowering
 * off for the process (models fall back to standard ops).
 */
import { skipUnavailableBackend } from '@bench/testkit';
import { describe, expect, it } from 'vitest';
import { setNchwcUnavailable } from '../lower/nchwc-impl';
import { usedDomains } from '../onnx/model';
import { NCHWC_DOMAIN } from '../onnx/proto';
import { loadOrt } from '../ort/runtime';
import { buildGraphModel } from './models';
import { checkNchwc } from './nchwc-check';
import { probeCpu } from './probe';

const probe = await probeCpu(1);
skipUnavailableBackend('onnxruntime-cpu', probe);

const conv = {
  inputs: [
    { name: 'x', shape: [1, 4, 4, 8], dtype: 'float32' as const },
    { name: 'w', shape: [3, 3, 8, 8], dtype: 'float32' as const },
  ],
  nodes: [
    {
      op: 'conv2d' as const,
      name: 'c',
      inputs: ['x', 'w'],
      outputs: ['y'],
      attrs: { strides: [1, 1] as [number, number], padding: 'same' as const },
    },
  ],
  outputs: ['y'],
};

describe.skipIf(!probe.available)('NCHWc startup check', () => {
  it('passes on this machine', async () => {
    expect(await checkNchwc(await loadOrt())).toBeUndefined();
  });

  it('a failed check switches the NCHWc lowering off', () => {
    expect(usedDomains(buildGraphModel(conv, 'onnxruntime-cpu').graph!).has(NCHWC_DOMAIN)).toBe(true);
    setNchwcUnavailable('test');
    try {
      expect(usedDomains(buildGraphModel(conv, 'onnxruntime-cpu').graph!).size).toBe(0);
    } finally {
      setNchwcUnavailable(undefined);
    }
  });
});
