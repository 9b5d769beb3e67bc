import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { FUZZ, damagedFile, expectBoundedMemory, expectNamedError } from '../__fixtures__/fuzz';
import { sizeOf, tensor } from '../tensor';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';

describe('fuzz: loadCheckpoint (safetensors)', () => {
  it('random bytes and mutated checkpoints give weights that match their shapes or a named error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-st-'));
    const valid = join(dir, 'valid.safetensors');
    saveCheckpoint(
      valid,
      { 'dense/kernel': tensor([1, 2, 3, 4, 5, 6], [2, 3]), 'dense/bias': tensor([0, 1, 2], [3]) },
      { spec: '{}' },
    );
    const bytes = readFileSync(valid);
    const headerLen = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLen).toString());
    const data = bytes.subarray(8 + headerLen);
    // Well-formed JSON with lying fields: a header whose entries get random values.
    const offset = fc.integer({ min: -64, max: 64 });
    const value = fc.oneof(
      fc.jsonValue(),
      fc.tuple(offset, offset),
      fc.array(fc.integer({ min: -3, max: 1e9 }), { maxLength: 4 }),
      fc.constantFrom('F16', 'BF16', 'F64', 'I8', 'F32'),
    );
    const lyingHeader = fc
      .array(
        fc.record({
          entry: fc.constantFrom('dense/kernel', 'dense/bias', '__metadata__', 'extra'),
          field: fc.constantFrom('dtype', 'shape', 'data_offsets', null),
          value,
        }),
        { minLength: 1, maxLength: 4 },
      )
      .map((edits) => {
        const h = structuredClone(header);
        for (const { entry, field, value: v } of edits) {
          if (field === null) h[entry] = v;
          else if (h[entry] && typeof h[entry] === 'object') h[entry][field] = v;
          else h[entry] = { [field]: v };
        }
        const json = Buffer.from(JSON.stringify(h));
        const out = Buffer.alloc(8 + json.length + data.length);
        out.writeBigUInt64LE(BigInt(json.length), 0);
        json.copy(out, 8);
        data.copy(out, 8 + json.length);
        return new Uint8Array(out);
      });
    const path = join(dir, 'case.safetensors');
    fc.assert(
      fc.property(fc.oneof(damagedFile(bytes), lyingHeader), (file) => {
        writeFileSync(path, file);
        try {
          const { weights } = loadCheckpoint(path);
          for (const t of Object.values(weights)) {
            if (t.data.length !== sizeOf(t.shape))
              throw new Error(`tensor data does not match shape ${t.shape}`);
          }
        } catch (error) {
          expectNamedError(error, path, 'BenchError.Checkpoint');
        }
        expectBoundedMemory();
      }),
      FUZZ,
    );
  });
});
