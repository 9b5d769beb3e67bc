#!/usr/bin/env node
// `npm test`: runs every package's tests through turbo (which builds upstream packages first),
// then prints one closing line `N passed, N failed, N skipped` summed from each package's
// vitest JSON report. A package whose test run crashed before writing a report counts as failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Packages, examples (the custom-backend example runs the conformance suite) and benchmarks (the
// GPU payload packer's tests).
const packages = [
  ...['packages', 'examples'].flatMap((group) =>
    readdirSync(join(root, group)).map((d) => join(root, group, d)),
  ),
  join(root, 'benchmarks'),
];
for (const dir of packages) rmSync(join(dir, 'test-results.json'), { force: true });

const args = ['turbo', 'run', 'test', '--continue', '--concurrency=2', ...process.argv.slice(2)];
const result = spawnSync('npx', args, { stdio: 'inherit', cwd: root });

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of packages) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  const file = join(dir, 'test-results.json');
  if (!existsSync(file)) {
    rows.push(`${pkg.name}: no test report (the test run crashed or did not start)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const suiteFailures = (r.testResults ?? []).filter(
    (t) => t.status === 'failed' && (t.assertionResults ?? []).length === 0,
  ).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + suiteFailures;
  skipped += r.numPendingTests + r.numTodoTests;
  rows.push(
    `${pkg.name}: ${r.numPassedTests} passed, ${r.numFailedTests + suiteFailures} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
}
console.log(`\nTest summary by package:\n  ${rows.join('\n  ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
