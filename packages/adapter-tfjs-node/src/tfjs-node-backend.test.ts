/**
 * tfjs-node's probe on this machine. @tensorflow/tfjs-node cannot be installed where
 * libtensorflow's download host is unreachable, so here the "not installed" path runs for real;
 * where it is installed, the engine itself is tested instead (never skipped silently).
 */
import { resolvePackage } from '@bench/adapter-tfjs';
import { writeFailingNativeStub } from '@bench/adapter-tfjs/testing';
import { compile, initWeights, mlp, tensor } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { TFJS_NODE_PACKAGE, createTfjsNodeBackend, tfjsNode } from './tfjs-node-backend';

const installed = resolvePackage(TFJS_NODE_PACKAGE, import.meta.url) !== undefined;
if (installed)
  console.warn(
    `${TFJS_NODE_PACKAGE} is installed here: testing the engine instead of the "not installed" path`,
  );
else
  console.warn(
    `${TFJS_NODE_PACKAGE} is not installed here: the engine tests are skipped, the probe's "not installed" path is tested`,
  );

describe('tfjs-node entry', () => {
  it('registers as tfjs-node, priority 30, cpu', () => {
    expect([tfjsNode.name, tfjsNode.priority, tfjsNode.deviceKind]).toEqual(['tfjs-node', 30, 'cpu']);
  });

  it.skipIf(installed)(
    'probe says the package is not installed, with the npm install remedy (real, engine absent)',
    async () => {
      const r = await tfjsNode.probe();
      expect(r.available).toBe(false);
      expect(r.reason).toMatch(/@tensorflow\/tfjs-node is not installed/);
      expect(r.remedy).toMatch(/^npm install @tensorflow\/tfjs-node/);
      await expect(tfjsNode.create()).rejects.toThrow(/not installed/);
    },
  );

  it('classification (simulated with a stub module that throws like the real binding): "libtensorflow failed to load"', async () => {
    const entry = createTfjsNodeBackend({ resolveFrom: writeFailingNativeStub(TFJS_NODE_PACKAGE) });
    const r = await entry.probe();
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(
      /^libtensorflow failed to load: libtensorflow\.so\.2: cannot open shared object file/,
    );
    expect(r.remedy).toMatch(/npm rebuild @tensorflow\/tfjs-node/);
  });

  it.runIf(installed)('trains an MLP step on the real engine', async () => {
    const r = await tfjsNode.probe();
    expect(r.available, r.reason).toBe(true);
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const session = await (await tfjsNode.create()).compile(program, { weights: initWeights(program, 1) });
    const loss = await session.trainStep({
      x: tensor([0.1, 0.2, 0.3, 0.4], [2, 2]),
      y: tensor([0, 1], [2], 'int32'),
    });
    expect(Number.isFinite(loss)).toBe(true);
    await session.dispose();
  });
});
