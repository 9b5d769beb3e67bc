// Measures generateShapesImageFolder and loadImageFolder (E1 sizes): 2 classes x PER_CLASS images
// of 256x256 (PNG and JPEG alternating), loaded at 192x192 with concurrency 1, 2 and 4.
// Run after `npx tsup`: [PER_CLASS=100] node scripts/bench-image-folder.mjs. Prints measured numbers.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShapesImageFolder, loadImageFolder } from '../dist/index.js';

const perClass = Number(process.env.PER_CLASS ?? 100);
const dir = join(tmpdir(), `bench-shapes-${process.pid}`);
try {
  let t = performance.now();
  await generateShapesImageFolder(dir, { perClass, size: 256, seed: 42 });
  console.log(`generate ${2 * perClass} images 256x256: ${((performance.now() - t) / 1000).toFixed(2)} s`);
  for (const concurrency of [1, 2, 4]) {
    t = performance.now();
    const ds = await loadImageFolder(dir, { size: 192, concurrency, onProgress: () => {} });
    const s = (performance.now() - t) / 1000;
    console.log(
      `load ${ds.length} at 192x192, concurrency ${concurrency}: ${s.toFixed(2)} s (${(ds.length / s).toFixed(0)} images/s), skipped ${ds.skipped.length}, pixels ${(ds.pixels.length / 1e6).toFixed(1)} MB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
