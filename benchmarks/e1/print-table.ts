/**
 * Prints the README table of an E1 ResNet-18 raw file, complete or not (a run stopped midway
 * keeps every step it finished):
 *
 *   npx vite-node -c vitest.shared.ts benchmarks/e1/print-table.ts -- benchmarks/results/e1-resnet18-<stamp>.json
 */
import { readFileSync } from 'node:fs';
import { markdownTable } from './table';

const file = process.argv.slice(2).find((a) => a !== '--');
if (!file) throw new Error('usage: print-table.ts <benchmarks/results/e1-resnet18-*.json>');
const raw = JSON.parse(readFileSync(file, 'utf8'));
if (raw.schema !== 'bench.benchmark.e1.resnet18.v2')
  throw new Error(
    `${file}: schema ${raw.schema}, expected bench.benchmark.e1.resnet18.v2 (written by e1/resnet18.ts)`,
  );
console.log(markdownTable(raw.backends, raw.setup.batch, raw.setup.epochImages));
if (!raw.complete) console.log('(the run did not complete: rows after the last one were never started)');
