import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';

describe('safetensors checkpoints', () => {
  it('round-trips weights and metadata in the documented layout', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'w.safetensors');
    const w = {
      'dense_1/kernel': tensor([1, 2, 3, 4, 5, 6], [2, 3]),
      'dense_1/bias': tensor([0.5, -0.5, 0], [3]),
      step: tensor(Int32Array.of(7), [1], 'int32'),
    };
    saveCheckpoint(file, w, { spec: '{"name":"x"}' });
    const buf = readFileSync(file);
    const headerLen = Number(buf.readBigUInt64LE(0));
    expect((8 + headerLen) % 8).toBe(0);
    const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString());
    expect(header['dense_1/kernel']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [12, 36] });
    const back = loadCheckpoint(file);
    expect(Array.from(back.weights['dense_1/kernel']!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back.weights.step!.dtype).toBe('int32');
    expect(back.metadata.spec).toBe('{"name":"x"}');
  });

  it('names the file and the problem for truncated or foreign files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const file = join(dir, 'w.safetensors');
    saveCheckpoint(file, { a: tensor([1, 2, 3, 4], [4]) });
    const buf = readFileSync(file);
    writeFileSync(file, buf.subarray(0, buf.length - 4));
    expect(() => loadCheckpoint(file)).toThrow(/w\.safetensors.*truncated/);
    writeFileSync(file, 'hello');
    expect(() => loadCheckpoint(file)).toThrow(/too short/);
    expect(() => loadCheckpoint(join(dir, 'missing'))).toThrow(/cannot be read/);
  });
});
