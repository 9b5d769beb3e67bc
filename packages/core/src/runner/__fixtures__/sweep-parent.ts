/**
 * Test fixture: a sweep parent process. `node sweep-parent.mjs <worker.mjs> <out.jsonl> <cells.json>`
 * runs `runSweep` over the cells and prints `CHILD <pid>` when each cell's worker starts, so a
 * test can kill this parent by PID and watch what happens to the worker. Bundled like worker.ts.
 */
import { readFileSync } from 'node:fs';
import { runSweep } from '../run-sweep';

const [worker, out, cellsFile] = process.argv.slice(2) as [string, string, string];
const cells = JSON.parse(readFileSync(cellsFile, 'utf8'));
runSweep({
  cells,
  out,
  resume: true,
  workerModule: worker,
  nvidiaSmi: false,
  telemetryIntervalMs: 50,
  onEvent: (e) => {
    if (e.type === 'cell-start') process.stdout.write(`CHILD ${e.pid}\n`);
  },
}).then(
  () => process.stdout.write('DONE\n'),
  (error: Error) => {
    process.stderr.write(`${error.name}: ${error.message}\n`);
    process.exitCode = 3;
  },
);
