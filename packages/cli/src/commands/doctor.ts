/**
 * `bench doctor`: every backend Bench knows, whether it can run here, on what device, and if not,
 * why and how to fix it; then the adapter packages that are not installed (with the command that
 * installs each) and the optional data packages of @bench/datasets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { OPTIONAL_PACKAGES } from '@bench/datasets';
import Table from 'cli-table3';
import type { Command } from 'commander';
import pc from 'picocolors';
import { loadRegistry } from '../registry';

/** An optional data package of @bench/datasets: installed (with its version) or not. */
export interface DataPackageReport {
  packageName: string;
  neededFor: string;
  installed: boolean;
  version?: string;
  remedy?: string;
}

/**
 * Which of @bench/datasets' optional peers are installed, resolved from @bench/datasets' own
 * folder (where Node looks for them) and without loading them (sharp's binary or mnist's 40 MB).
 */
export function dataPackageReports(): DataPackageReport[] {
  const fromCli = createRequire(import.meta.url);
  const fromDatasets = createRequire(fromCli.resolve('@bench/datasets/package.json'));
  return Object.entries(OPTIONAL_PACKAGES).map(([packageName, { neededFor }]) => {
    // The node_modules folders Node searches, read directly: some of these packages do not
    // export their package.json.
    for (const dir of fromDatasets.resolve.paths(packageName) ?? []) {
      const manifest = join(dir, packageName, 'package.json');
      if (!existsSync(manifest)) continue;
      const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
      return { packageName, neededFor, installed: true, version };
    }
    return { packageName, neededFor, installed: false, remedy: `npm i ${packageName}` };
  });
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('list every backend: available or not, device, reason and remedy')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { registry, missing } = await loadRegistry();
      const reports = await registry.probeAll();
      const dataPackages = dataPackageReports();
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ backends: reports, missingPackages: missing, dataPackages }, null, 2)}\n`,
        );
        return;
      }
      const table = new Table({
        head: ['backend', 'available', 'device / reason', 'remedy', 'package'],
        wordWrap: true,
        colWidths: [18, 11, 46, 40, 28],
      });
      for (const r of reports) {
        table.push([
          r.name,
          r.available ? pc.green('yes') : pc.red('no'),
          r.available
            ? `${r.device ?? ''}${r.emulated ? ' (software emulation: never a default)' : ''}`
            : (r.reason ?? ''),
          r.remedy ?? '',
          r.packageName,
        ]);
      }
      for (const m of missing)
        table.push([m.backends.join(', '), pc.red('no'), m.reason, m.remedy, m.packageName]);
      process.stdout.write(`${table.toString()}\n`);
      const avail = reports.filter((r) => r.available).map((r) => r.name);
      process.stdout.write(
        `${avail.length} of ${reports.length} backends available: ${avail.join(', ') || 'none'}\n`,
      );
      const notInstalled = missing.filter((m) => m.reason === 'package not installed');
      if (notInstalled.length) {
        process.stdout.write(
          `adapters not installed: ${notInstalled.map((m) => `${m.packageName} (${m.remedy})`).join(', ')}\n`,
        );
      }
      const data = new Table({ head: ['data package', 'installed', 'needed for', 'remedy'], wordWrap: true });
      for (const d of dataPackages) {
        data.push([
          d.packageName,
          d.installed ? pc.green(d.version ?? 'yes') : pc.red('no'),
          d.neededFor,
          d.remedy ?? '',
        ]);
      }
      process.stdout.write(`${data.toString()}\n`);
    });
}
