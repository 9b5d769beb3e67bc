import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../results/jsonl';
import { bundleFixture } from './__fixtures__/bundle-fixture';
import { runSweep } from './run-sweep';
import type { SweepCell } from './sweep-plan';

let worker: string;
beforeAll(async () => {
  worker = await bundleFixture(join(__dirname, '__fixtures__', 'worker.ts'));
});

const cells = (behavior: string): SweepCell[] =>
  ['a', 'b'].map((n) => {
    const id = `fixture/test/bs32/${n}/r0`;
    return {
      id,
      cellId: id,
      experiment: 'fixture',
      backend: 'test',
      batchSize: 32,
      epochs: 1,
      repeat: 0,
      options: { behaviors: { [id]: n === 'b' ? behavior : 'ok' } },
    };
  });

describe('--resume --retry-failed', () => {
  it('reruns only the failed cell and leaves one run record per cell', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-retry-')), 'out.jsonl');
    const common = { out, workerModule: worker, nvidiaSmi: false as const, telemetryIntervalMs: 50 };
    await runSweep({ cells: cells('throw'), ...common });
    const plain = await runSweep({ cells: cells('ok'), ...common, resume: true });
    expect(plain.ran).toHaveLength(0); // plain --resume keeps the failure
    const retried = await runSweep({ cells: cells('ok'), ...common, resume: true, retryFailed: true });
    expect(retried.ran.map((r) => [r.cell.id, r.status])).toEqual([['fixture/test/bs32/b/r0', 'ok']]);
    expect(retried.repaired?.droppedRecords).toBeGreaterThan(0);
    const runs = readRecords(out).records.filter((r) => r.kind === 'run');
    expect(runs.map((r) => [r.cellId, r.kind === 'run' && r.status]).sort()).toEqual([
      ['fixture/test/bs32/a/r0', 'ok'],
      ['fixture/test/bs32/b/r0', 'ok'],
    ]);
  }, 30_000);
});
