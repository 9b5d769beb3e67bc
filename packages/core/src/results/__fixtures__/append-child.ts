/**
 * Test fixture: `node append-child.mjs <out> <n>` appends n ~1 KB epoch records to <out> with
 * `appendRecords` and prints the error name and message. Run under `ulimit -f` it hits a real
 * short write (then EFBIG): SIGXFSZ is caught so the write fails instead of killing the process.
 */
import { appendRecords } from '../jsonl';
import { RESULTS_SCHEMA_VERSION, type ResultRecord } from '../schema';

process.on('SIGXFSZ', () => {});
const [out, n] = process.argv.slice(2) as [string, string];
const records = Array.from({ length: Number(n) }, (_, i) => ({
  schemaVersion: RESULTS_SCHEMA_VERSION,
  runId: `r-${'x'.repeat(900)}`,
  experiment: 'e3',
  backend: 'reference',
  device: 'cpu',
  batchSize: 10,
  params: 1,
  kind: 'epoch',
  epoch: i + 1,
  trainLoss: 0.5,
  validLoss: 0.4,
  errorRate: 0.1,
  seconds: 0.01,
  samplesPerSecond: 1,
  timestamp: new Date().toISOString(),
})) as ResultRecord[];
try {
  appendRecords(out, records);
  process.stdout.write('OK\n');
} catch (error) {
  process.stdout.write(`${(error as Error).name}: ${(error as Error).message}\n`);
}
