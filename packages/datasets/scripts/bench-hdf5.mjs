// Measures the CIFAR-10 loaders on a full-size synthetic CIFAR-10 binary folder (50,000 + 10,000
// records of smooth random images): binary load, binary -> HDF5 conversion, HDF5 file size, and
// reading the HDF5 train split in order (readRange), shuffled (getBatch) and all at once (loadAll).
// Run after `npx tsup`: [CHUNK_ROWS=16] node scripts/bench-hdf5.mjs [workDir]. Prints measured numbers
// only; a given workDir is kept (and its generated files reused).
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@bench/core';
import { convertCifarBinaryToHdf5, loadCifar10, openHdf5Dataset } from '../dist/index.js';

const work = process.argv[2] ?? join(tmpdir(), 'bench-cifar-full');
const bin = join(work, 'cifar-10-batches-bin');
mkdirSync(bin, { recursive: true });
const rng = new Rng(1);
function writeBatch(file, n) {
  const buf = new Uint8Array(n * 3073);
  for (let r = 0; r < n; r++) {
    const base = r * 3073;
    buf[base] = rng.int(10);
    // smooth images (a gradient per plane plus noise), so gzip has something to find, as in photos
    for (let c = 0; c < 3; c++) {
      const a = rng.uniform(0, 255);
      const gx = rng.uniform(-4, 4);
      const gy = rng.uniform(-4, 4);
      for (let p = 0; p < 1024; p++) {
        const v = a + gx * (p % 32) + gy * Math.floor(p / 32) + rng.uniform(-8, 8);
        buf[base + 1 + c * 1024 + p] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  writeFileSync(join(bin, file), buf);
}
const time = async (label, fn) => {
  const t = performance.now();
  const out = await fn();
  console.log(`${label}: ${((performance.now() - t) / 1000).toFixed(2)} s`);
  return out;
};
import { existsSync } from 'node:fs';
if (!existsSync(join(bin, 'test_batch.bin')))
  await time('generate 60,000 records', () => {
    for (let i = 1; i <= 5; i++) writeBatch(`data_batch_${i}.bin`, 10000);
    writeBatch('test_batch.bin', 10000);
  });
const train = await time('loadCifar10 train (binary, 50,000)', () => loadCifar10(bin));
console.log(
  `  rss after load: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, pixels ${(train.pixels.length / 1e6).toFixed(0)} MB`,
);
const h5 = join(work, 'cifar10.h5');
const chunkRows = Number(process.env.CHUNK_ROWS ?? 16);
const rows = await time(`convertCifarBinaryToHdf5 (gzip 4, chunk ${chunkRows} rows)`, () =>
  convertCifarBinaryToHdf5(bin, h5, { chunkRows }),
);
console.log(
  `  rows ${JSON.stringify(rows)}, file ${(statSync(h5).size / 1e6).toFixed(1)} MB vs ${((60000 * 3072) / 1e6).toFixed(1)} MB raw`,
);
const ds = await openHdf5Dataset(h5, 'train');
await time('HDF5 readRange, 200 batches of 250 in order (one epoch)', () => {
  for (let s = 0; s < 50000; s += 250) ds.readRange(s, 250);
});
const order = new Rng(2).shuffle(Int32Array.from({ length: 50000 }, (_, i) => i));
const shuffledBatches = 20;
await time(`HDF5 getBatch, ${shuffledBatches} shuffled batches of 250`, () => {
  for (let b = 0; b < shuffledBatches; b++) ds.getBatch(order.subarray(b * 250, (b + 1) * 250));
});
await time('in-memory getBatch (binary loader), 200 shuffled batches of 250', () => {
  for (let b = 0; b < 200; b++) train.getBatch(order.subarray(b * 250, (b + 1) * 250));
});
const all = await time('HDF5 loadAll (train)', () => ds.loadAll());
console.log(`  identical to binary: ${Buffer.from(all.pixels).equals(Buffer.from(train.pixels))}`);
ds.close();
if (!process.argv[2]) rmSync(work, { recursive: true, force: true });
