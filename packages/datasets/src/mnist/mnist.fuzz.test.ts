import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FUZZ } from '../__fixtures__/fuzz';

/** What the mutated `mnist` package holds for the current case. */
let digits: unknown;
vi.mock('mnist', () => ({
  get default() {
    return digits;
  },
}));
afterAll(() => vi.doUnmock('mnist'));

const PIXELS = 784;
const validDigits = () =>
  Array.from({ length: 10 }, (_, d) => ({
    id: d,
    length: 3,
    raw: Array.from({ length: 3 * PIXELS }, (_, i) => (i % 7) / 7),
  }));

describe('fuzz: loadMnist', () => {
  it('a damaged mnist package gives consistent splits or a named error', async () => {
    const { loadMnist } = await import('./load-mnist');
    const edit = fc.record({
      digit: fc.nat(11),
      field: fc.constantFrom('id', 'length', 'raw', 'pixel', 'whole'),
      value: fc.oneof(fc.jsonValue(), fc.double(), fc.integer({ min: -5, max: 5000 })),
      at: fc.nat(3 * PIXELS - 1),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        const ds = validDigits() as Record<string, unknown>[];
        for (const e of edits) {
          const target = ds[e.digit] as Record<string, unknown> | undefined;
          if (e.field === 'whole') (ds as unknown[])[e.digit] = e.value;
          else if (!target || typeof target !== 'object') continue;
          else if (e.field === 'pixel' && Array.isArray(target.raw))
            (target.raw as unknown[])[e.at] = e.value;
          else if (e.field !== 'pixel') target[e.field] = e.value;
        }
        digits = ds;
        try {
          const { train, test } = await loadMnist({ train: 20, test: 5 });
          expect(train.length + test.length).toBe(25);
          for (let i = 0; i < train.length; i++) {
            const { x, y } = train.get(i);
            expect(y >= 0 && y <= 9).toBe(true);
            for (const v of x) expect(v >= 0 && v <= 1).toBe(true);
          }
        } catch (error) {
          expect((error as Error).name).toBe('BenchError.Dataset');
          expect((error as Error).message).toMatch(/^loadMnist: /);
        }
      }),
      FUZZ,
    );
  });
});
