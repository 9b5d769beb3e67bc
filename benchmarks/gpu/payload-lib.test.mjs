/**
 * The packer's logic without building a payload: which node_modules files travel, chunk sizing
 * against the device's 64 MiB per command, splitting with checksums that `sha256sum -c` and
 * chunk.sh accept (and a damaged chunk that they refuse), and the device command sequence.
 *
 *   npx vitest run --root benchmarks/gpu
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MiB,
  chunkBudget,
  chunkName,
  deviceCommands,
  keepModuleFile,
  planChunks,
  sha256File,
  sha256sumsText,
  splitFile,
} from './payload-lib.mjs';

const here = new URL('.', import.meta.url).pathname;

describe('keepModuleFile', () => {
  it('keeps only the linux-x64 binaries of onnxruntime-node and webgpu', () => {
    expect(keepModuleFile('onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1')).toBe(true);
    expect(keepModuleFile('onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node')).toBe(true);
    expect(keepModuleFile('onnxruntime-node/bin/napi-v6/linux/arm64/libonnxruntime.so.1')).toBe(false);
    expect(keepModuleFile('onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib')).toBe(false);
    expect(keepModuleFile('onnxruntime-node/bin/napi-v6/win32/x64/DirectML.dll')).toBe(false);
    expect(keepModuleFile('webgpu/dist/linux-x64.dawn.node')).toBe(true);
    expect(keepModuleFile('webgpu/dist/darwin-universal.dawn.node')).toBe(false);
    expect(keepModuleFile('webgpu/dist/d3dcompiler_47.dll')).toBe(false);
    expect(keepModuleFile('webgpu/index.js')).toBe(true);
  });

  it('drops types, maps, docs, the nested dawn 0.2.9 and the lazily imported data packages', () => {
    expect(keepModuleFile('@types/node/index.d.ts')).toBe(false);
    expect(keepModuleFile('webgpu/node_modules/@webgpu/types/dist/index.js')).toBe(false);
    expect(keepModuleFile('gpu.js/node_modules/webgpu/dist/linux-x64.dawn.node')).toBe(false);
    expect(keepModuleFile('gpu.js/dist/gpu-browser.js')).toBe(false);
    expect(keepModuleFile('gpu.js/src/index.js')).toBe(true);
    expect(keepModuleFile('mnist/src/mnist.js')).toBe(false);
    expect(keepModuleFile('h5wasm/dist/esm/hdf5_hl.js')).toBe(false);
    expect(keepModuleFile('@tensorflow/tfjs-core/dist/tf-core.node.js.map')).toBe(false);
    expect(keepModuleFile('zod/lib/index.d.ts')).toBe(false);
    expect(keepModuleFile('zod/README.md')).toBe(false);
    expect(keepModuleFile('zod/LICENSE.md')).toBe(true);
    expect(keepModuleFile('@tensorflow/tfjs-core/dist/tf-core.node.js')).toBe(true);
    expect(keepModuleFile('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')).toBe(true);
  });
});

describe('chunkBudget', () => {
  it('fills what the working tree leaves of 64 MiB, capped at 60 MiB', () => {
    expect(chunkBudget({ treeBytes: 3.2 * MiB })).toBe(59 * MiB);
    expect(chunkBudget({ treeBytes: 1 * MiB })).toBe(60 * MiB);
    expect(chunkBudget({ treeBytes: 10 * MiB, sideFilesBytes: 64 * 1024 })).toBe(52 * MiB);
  });

  it('refuses a tree that leaves no useful room, naming the fix', () => {
    expect(() => chunkBudget({ treeBytes: 60 * MiB })).toThrow(/git status/);
  });
});

describe('planChunks', () => {
  it('covers every byte once with chunks no larger than asked', () => {
    const chunks = planChunks(10 * MiB + 5, 3 * MiB);
    expect(chunks.map((c) => c.size)).toEqual([3 * MiB, 3 * MiB, 3 * MiB, MiB + 5]);
    expect(chunks.map((c) => c.offset)).toEqual([0, 3 * MiB, 6 * MiB, 9 * MiB]);
    expect(planChunks(0, MiB)).toEqual([]);
    expect(() => planChunks(10, 0)).toThrow(/positive integer/);
  });

  it('names chunks so that sorted order is payload order', () => {
    const names = Array.from({ length: 12 }, (_, i) => chunkName(i));
    expect([...names].sort()).toEqual(names);
  });
});

describe('splitFile and the device-side checks', () => {
  const hasSha256sum = spawnSync('sha256sum', ['--version']).status === 0;

  it('splits into chunks whose join is the file, verified by sha256sum -c and chunk.sh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-gpu-test-'));
    const file = join(dir, 'payload.tar.xz');
    writeFileSync(file, randomBytes(2.5 * MiB));
    const carried = join(dir, 'carried');
    spawnSync('mkdir', [carried]);
    const chunks = await splitFile(file, carried, MiB);
    expect(chunks.map((c) => c.size)).toEqual([MiB, MiB, 0.5 * MiB]);
    const joined = Buffer.concat(chunks.map((c) => readFileSync(join(carried, c.name))));
    expect(joined.equals(readFileSync(file))).toBe(true);
    const whole = await sha256File(file);
    writeFileSync(
      join(carried, 'SHA256SUMS'),
      sha256sumsText([...chunks, { name: 'payload.tar.xz', sha256: whole }]),
    );
    if (!hasSha256sum) return;

    const home = join(dir, 'home');
    const env = { ...process.env, BENCH_GPU_HOME: home, BENCH_GPU_CARRIED: carried };
    const chunk = (name) => spawnSync('bash', [join(here, 'chunk.sh'), name], { env, encoding: 'utf8' });
    const first = chunk(chunks[0].name);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /chunks here: 1 of 3; missing: payload\.tar\.xz\.part-01 payload\.tar\.xz\.part-02/,
    );
    // A damaged chunk is refused and removed, so the runner cannot use it.
    const damaged = readFileSync(join(carried, chunks[1].name));
    damaged[12345] ^= 0xff;
    writeFileSync(join(carried, chunks[1].name), damaged);
    const bad = chunk(chunks[1].name);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/damaged/);
    damaged[12345] ^= 0xff;
    writeFileSync(join(carried, chunks[1].name), damaged);
    expect(chunk(chunks[1].name).status).toBe(0);
    const last = chunk(chunks[2].name);
    expect(last.stdout).toMatch(/chunks here: 3 of 3$/m);
    const joinedThere = spawnSync('bash', ['-c', `cat "${home}"/chunks/*.part-* | sha256sum`], {
      encoding: 'utf8',
    });
    expect(joinedThere.stdout.split(' ')[0]).toBe(whole);
  });
});

describe('deviceCommands', () => {
  it('carries one chunk per command with the manifest files; facts first, the runner last', () => {
    const chunks = [0, 1, 2, 3].map((i) => ({ name: chunkName(i), size: MiB, sha256: 'x' }));
    const cmds = deviceCommands({ chunks });
    expect(cmds).toHaveLength(4);
    expect(cmds[0].command).toMatch(
      /^bash benchmarks\/gpu\/device-facts\.sh; bash benchmarks\/gpu\/chunk\.sh payload\.tar\.xz\.part-00$/,
    );
    expect(cmds[1].command).toBe('bash benchmarks/gpu/chunk.sh payload.tar.xz.part-01');
    expect(cmds[3].command).toMatch(/chunk\.sh payload\.tar\.xz\.part-03 && bash benchmarks\/gpu\/run\.sh$/);
    for (const [i, c] of cmds.entries()) {
      expect(c.carry).toEqual([
        `benchmarks/gpu/.payload/${chunkName(i)}`,
        'benchmarks/gpu/.payload/SHA256SUMS',
        'benchmarks/gpu/.payload/manifest.json',
      ]);
      expect(c.command.length).toBeLessThanOrEqual(2000);
      expect(c.timeout_s).toBeLessThanOrEqual(600);
    }
  });
});
