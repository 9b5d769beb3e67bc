import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPTIONAL_PACKAGES } from '@bench/datasets';
import { describe, expect, it } from 'vitest';
import { dataPackageReports, probeInChild } from './doctor';

const node = process.execPath;

describe('bench doctor probes in a child process', () => {
  it('keeps what the child writes to fd 2 apart from its result', async () => {
    const script = [
      "require('node:fs').writeSync(2, 'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced\\n');",
      "process.stdout.write(JSON.stringify({ backends: [{ name: 'x', available: true }], missingPackages: [] }));",
    ].join('');
    const r = await probeInChild([node, '-e', script]);
    expect('error' in r).toBe(false);
    if ('error' in r) return;
    expect(r.result.backends.map((b) => b.name)).toEqual(['x']);
    expect(r.engineOutput).toEqual([
      'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced',
    ]);
  });

  it('says why when the child gives no result', async () => {
    const r = await probeInChild([node, '-e', "process.stderr.write('boom\\n'); process.exit(3)"]);
    expect(r).toEqual({
      error: expect.stringMatching(/ended \(exit 3\) without a result .*its stderr: boom/),
    });
  });

  // End to end through the built CLI: Dawn (tfjs-webgpu, gpujs-webgpu) writes its warnings to
  // fd 2 from native code, out of reach of any JavaScript hook.
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'bench.mjs');
  const built = existsSync(join(dirname(bin), '..', 'dist', 'bin.js'));
  if (!built) console.warn('skipping the end-to-end doctor test: @bench/cli is not built (npm run build)');
  it.skipIf(!built)('prints no engine noise, and shows it with --verbose', () => {
    const run = (...args: string[]) =>
      spawnSync(node, [bin, 'doctor', ...args], { encoding: 'utf8', timeout: 180_000 });
    const plain = run();
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/backends available: .*reference/);
    expect(`${plain.stdout}${plain.stderr}`).not.toMatch(/maxDynamic|artificially reduced/);
    const verbose = run('--json', '--verbose');
    const json = JSON.parse(verbose.stdout) as {
      engineOutput: string[];
      backends: { name: string; available: boolean }[];
    };
    expect(Array.isArray(json.engineOutput)).toBe(true);
    const dawn = json.backends.some((b) => /webgpu/.test(b.name) && b.available);
    if (dawn) expect(json.engineOutput.join('\n')).toMatch(/maxDynamic/);
    else console.warn('no WebGPU backend available here: Dawn noise not exercised');
  });
});

describe('bench doctor: optional data packages', () => {
  it("reports each of @bench/datasets' optional peers with its installed version", () => {
    const reports = dataPackageReports();
    expect(reports.map((r) => r.packageName)).toEqual(Object.keys(OPTIONAL_PACKAGES));
    // The monorepo installs all three (devDependencies of @bench/datasets).
    for (const r of reports) {
      expect(r.installed, r.packageName).toBe(true);
      expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(r.remedy).toBeUndefined();
    }
  });
});
