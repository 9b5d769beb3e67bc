import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint';

/** A crafted safetensors file: the given header (any JSON) and `dataBytes` bytes of data. */
function craft(header: unknown, dataBytes = 16): string {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const buf = Buffer.alloc(8 + json.length + dataBytes, 7);
  buf.writeBigUInt64LE(BigInt(json.length), 0);
  json.copy(buf, 8);
  const file = join(mkdtempSync(join(tmpdir(), 'st-')), 'w.safetensors');
  writeFileSync(file, buf);
  return file;
}
const load = (header: unknown, dataBytes?: number) => {
  const file = craft(header, dataBytes);
  try {
    loadCheckpoint(file);
  } catch (error) {
    expect((error as Error).name).toBe('BenchError.Checkpoint');
    expect((error as Error).message).toContain(file);
    return (error as Error).message;
  }
  return 'loaded';
};

describe('safetensors headers that lie', () => {
  it('rejects a header that is not an object', () => {
    expect(load([1, 2])).toMatch(/header that is an array, not a JSON object of tensors/);
    expect(load(null)).toMatch(/header that is null/);
    expect(load(42)).toMatch(/header that is a number/);
  });
  it('rejects entries that lack data_offsets, carry a string shape or are not objects', () => {
    expect(load({ w: { dtype: 'F32', shape: [2] } })).toMatch(
      /tensor "w" has data_offsets undefined; it must be \[begin, end\]/,
    );
    expect(load({ w: { dtype: 'F32', shape: '2', data_offsets: [0, 8] } })).toMatch(
      /tensor "w" has shape "2"; it must be an array of non-negative integers/,
    );
    expect(load({ w: 5 })).toMatch(/tensor "w" is 5, not an object/);
    expect(load({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, __metadata__: { a: 1 } })).toMatch(
      /"__metadata__" .* must be an object of strings/,
    );
  });
  it('says F16 is not supported and to convert to F32', () => {
    expect(load({ w: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } })).toMatch(
      /tensor "w": dtype F16 is not supported, convert to F32/,
    );
  });
  it('rejects negative, reversed, out-of-range and overlapping data_offsets', () => {
    expect(load({ w: { dtype: 'F32', shape: [2], data_offsets: [-8, 0] } })).toMatch(
      /data_offsets \[-8,0\]; it must be/,
    );
    expect(load({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 0] } })).toMatch(/begin is after end/);
    expect(load({ w: { dtype: 'F32', shape: [8], data_offsets: [0, 32] } })).toMatch(
      /past the end of the data \(16 bytes\)/,
    );
    expect(
      load({
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
      }),
    ).toMatch(/tensors "a" \[0, 8\) and "b" \[4, 12\) overlap/);
  });
  it('still loads a well-formed crafted file', () => {
    expect(
      load({
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'I32', shape: [2], data_offsets: [8, 16] },
        __metadata__: { format: 'x' },
      }),
    ).toBe('loaded');
  });
});
