/**
 * `bench doctor`: every backend Bench knows, whether it can run here, on what device, and if not,
 * why and how to fix it, and where its adapter came from (built-in, `--adapter`, `BENCH_ADAPTERS`
 * or bench.config.json).
 */
import { relative } from 'node:path';
import Table from 'cli-table3';
import type { Command } from 'commander';
import pc from 'picocolors';
import { loadRegistry } from '../registry';
import type { LoadedAdapter } from '../registry';

/** Where a backend's adapter was named: `built-in`, `--adapter`, `BENCH_ADAPTERS` or the config file. */
function sourceOf(backend: string, adapters: readonly LoadedAdapter[]): string {
  const a = adapters.find((x) => x.backends.includes(backend));
  if (!a) return 'built-in';
  if (a.source === 'config') return a.file ? relative(process.cwd(), a.file) : 'bench.config.json';
  return a.source === 'env' ? 'BENCH_ADAPTERS' : a.source === 'flag' ? '--adapter' : 'built-in';
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('list every backend: available or not, device, reason and remedy')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { registry, missing, adapters } = await loadRegistry();
      const reports = (await registry.probeAll()).map((r) => ({ ...r, from: sourceOf(r.name, adapters) }));
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ backends: reports, adapters, missingPackages: missing }, null, 2)}\n`,
        );
        return;
      }
      const table = new Table({
        head: ['backend', 'available', 'device / reason', 'remedy', 'package (from)'],
        wordWrap: true,
        colWidths: [18, 11, 46, 40, 32],
      });
      for (const r of reports) {
        table.push([
          r.name,
          r.available ? pc.green('yes') : pc.red('no'),
          r.available
            ? `${r.device ?? ''}${r.emulated ? ' (software emulation: never a default)' : ''}`
            : (r.reason ?? ''),
          r.remedy ?? '',
          `${r.packageName} (${r.from})`,
        ]);
      }
      for (const m of missing)
        table.push([pc.dim('(package)'), pc.red('no'), m.reason, m.remedy, `${m.packageName} (${m.source})`]);
      process.stdout.write(`${table.toString()}\n`);
      const avail = reports.filter((r) => r.available).map((r) => r.name);
      process.stdout.write(
        `${avail.length} of ${reports.length} backends available: ${avail.join(', ') || 'none'}\n`,
      );
    });
}
