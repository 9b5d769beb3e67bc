#!/usr/bin/env node
/**
 * Writes a CIFAR-10 binary folder of seeded random images (data_batch_1..5.bin, test_batch.bin,
 * batches.meta.txt) for memory and speed measurements that need the real 50,000-image size but
 * not the real pictures. Record format: one label byte (0..9), then the 1024 red, 1024 green and
 * 1024 blue bytes of a 32x32 image (as the official binary version).
 *
 *   node benchmarks/scripts/make-cifar-binary.mjs <dir> [--per-file 10000] [--test 10000] [--seed 1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RECORD = 1 + 32 * 32 * 3;
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 1) {
    console.error(`${name} expects a positive integer, got "${process.argv[i + 1]}"`);
    process.exit(2);
  }
  return v;
}

const dir = process.argv[2];
if (!dir || dir.startsWith('--')) {
  console.error('usage: make-cifar-binary.mjs <dir> [--per-file 10000] [--test 10000] [--seed 1]');
  process.exit(2);
}
const perFile = arg('--per-file', 10000);
const testCount = arg('--test', 10000);
let state = arg('--seed', 1) >>> 0 || 1;
/** xorshift32: seeded, fast, good enough for random pixels. */
function next() {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state;
}

function records(n) {
  const out = new Uint8Array(n * RECORD);
  for (let r = 0; r < n; r++) {
    const base = r * RECORD;
    out[base] = next() % 10;
    for (let k = 1; k < RECORD; k++) out[base + k] = next() & 255;
  }
  return out;
}

mkdirSync(dir, { recursive: true });
for (let i = 1; i <= 5; i++) writeFileSync(join(dir, `data_batch_${i}.bin`), records(perFile));
writeFileSync(join(dir, 'test_batch.bin'), records(testCount));
writeFileSync(join(dir, 'batches.meta.txt'), `${CLASSES.join('\n')}\n`);
console.log(`wrote ${5 * perFile} training and ${testCount} test images to ${dir}`);
