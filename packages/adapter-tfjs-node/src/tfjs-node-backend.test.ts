/**
 * tfjs-node's probe. Where @tensorflow/tfjs-node is not installed the "not installed" path runs
 * for real; where it is (CI installs it with scripts/install-tfjs-node.sh), the probe must report
 * the TensorFlow version it loaded, and conformance.test.ts runs the engine itself.
 */
import { readFileSync } from 'node:fs';
import { resolvePackage } from '@bench/adapter-tfjs';
import { writeFailingNativeStub } from '@bench/adapter-tfjs/testing';
import { requiredBackends } from '@bench/testkit';
import { describe, expect, it } from 'vitest';
import {
  TENSORFLOW_WHEEL_VERSION,
  TFJS_NODE_PACKAGE,
  TFJS_NODE_VERSION,
  createTfjsNodeBackend,
  tfjsNode,
} from './tfjs-node-backend';

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

  it.skipIf(installed || requiredBackends().has('tfjs-node'))(
    'probe says the package is not installed, with both install routes as remedy (real, engine absent)',
    async () => {
      const r = await tfjsNode.probe();
      expect(r.available).toBe(false);
      expect(r.reason).toMatch(/@tensorflow\/tfjs-node is not installed/);
      expect(r.remedy).toMatch(/^npm install @tensorflow\/tfjs-node/);
      expect(r.remedy).toContain(
        `npm install --ignore-scripts @tensorflow/tfjs-node@${TFJS_NODE_VERSION}, then npx bench-install-tfjs-node`,
      );
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
    expect(r.remedy).toMatch(/npx bench-install-tfjs-node/);
  });

  it.runIf(installed || requiredBackends().has('tfjs-node'))(
    'probe on the installed engine: available, with the TensorFlow version of the loaded libtensorflow',
    async () => {
      const r = await tfjsNode.probe();
      expect(r.available, `${r.reason} (fix: ${r.remedy})`).toBe(true);
      expect(r.device).toMatch(/, TensorFlow \d+\.\d+\.\d+$/);
      console.info(`[tfjs-node] ${r.device}`);
      const backend = await tfjsNode.create();
      expect(backend.device).toBe(r.device); // what run records show
      expect(backend.name).toBe('tfjs-node');
      await backend.dispose?.();
    },
  );

  it('the install script installs the wheel version the remedy names', () => {
    const script = readFileSync(new URL('../scripts/install-tfjs-node.sh', import.meta.url), 'utf8');
    expect(script).toContain(`TF_VERSION="\${BENCH_TF_VERSION:-${TENSORFLOW_WHEEL_VERSION}}"`);
  });
});
