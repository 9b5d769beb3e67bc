/**
 * CIFAR-shaped random data in the CIFAR-10 binary layout (records of 1 label byte + 3072 pixel
 * bytes, 10,000 per file), for E4's speed measurement where the real data set cannot be brought:
 * the accuracy means nothing, the samples per second do.
 *
 *   node cifar-random.mjs DIR TRAIN_EXAMPLES TEST_EXAMPLES
 *
 * Writes whole files (data_batch_1.bin.., test_batch.bin) covering the counts; `bench run e4
 * --data DIR --limit N` reads only the first N.
 */
import { randomFillSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, trainArg, testArg] = process.argv.slice(2);
const train = Number(trainArg);
const test = Number(testArg);
if (!dir || !(train > 0 && train <= 50000) || !(test > 0 && test <= 10000)) {
  console.error('usage: cifar-random.mjs DIR TRAIN_EXAMPLES(1..50000) TEST_EXAMPLES(1..10000)');
  process.exit(2);
}
const PER_FILE = 10000;
const RECORD = 3073;
mkdirSync(dir, { recursive: true });
function writeFile(name) {
  const buf = Buffer.allocUnsafe(PER_FILE * RECORD);
  randomFillSync(buf);
  for (let i = 0; i < PER_FILE; i++) buf[i * RECORD] %= 10;
  writeFileSync(join(dir, name), buf);
}
for (let f = 1; f <= Math.ceil(train / PER_FILE); f++) writeFile(`data_batch_${f}.bin`);
writeFile('test_batch.bin');
console.log(`random CIFAR-shaped data in ${dir}: ${Math.ceil(train / PER_FILE)} train files, 1 test file`);
