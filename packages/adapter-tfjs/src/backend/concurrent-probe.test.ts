import { describe, expect, it } from 'vitest';
import { tfjsCpu, tfjsWasm } from '../backends';

describe('tfjs probes', () => {
  it('succeed when several tfjs backends are probed at once (as bench doctor does)', async () => {
    // tfjs has one global engine; unserialised probes raced tf.setBackend and both failed.
    const [cpu, wasm] = await Promise.all([tfjsCpu.probe(), tfjsWasm.probe()]);
    expect(cpu).toMatchObject({ available: true });
    expect(wasm).toMatchObject({ available: true });
  });
});
