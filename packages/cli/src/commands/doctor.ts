/**
 * `bench doctor`: every backend Bench knows, whether it can run here, on what device, and if not,
 * why and how to fix it.
 */
import Table from 'cli-table3';
import type { Command } from 'commander';
import pc from 'picocolors';
import { loadRegistry } from '../registry';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('list every backend: available or not, device, reason and remedy')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { registry, missing } = await loadRegistry();
      const reports = await registry.probeAll();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ backends: reports, missingPackages: missing }, null, 2)}\n`);
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
        table.push([pc.dim('(package)'), pc.red('no'), m.reason, m.remedy, m.packageName]);
      process.stdout.write(`${table.toString()}\n`);
      const avail = reports.filter((r) => r.available).map((r) => r.name);
      process.stdout.write(
        `${avail.length} of ${reports.length} backends available: ${avail.join(', ') || 'none'}\n`,
      );
    });
}
