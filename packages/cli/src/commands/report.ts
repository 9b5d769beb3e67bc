/**
 * `bench report <results.jsonl...>`: renders result records as fastai-style tables (terminal),
 * CSV and one self-contained HTML page with charts.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeReport } from '@bench/report';
import type { Command } from 'commander';
import { describeGaps, mergeSlurmRecords, writeMergedRecords } from '../slurm/merge';
import { UsageError } from '../usage-error';

/**
 * A Slurm job folder (`bench slurm --out DIR`, with its manifest.json) stands for its merged
 * per-task records: they are merged into DIR/results.jsonl and missing or failed tasks are named.
 */
function resolveInput(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  if (!existsSync(join(path, 'manifest.json'))) {
    throw new UsageError(
      `${path} is a folder without manifest.json; pass results files (JSONL) or a \`bench slurm\` job folder`,
    );
  }
  const merged = mergeSlurmRecords(path);
  const file = join(path, 'results.jsonl');
  writeMergedRecords(file, merged.records);
  for (const line of describeGaps(merged)) process.stderr.write(`bench report: ${path}: ${line}\n`);
  return file;
}

/** Options of `bench report`. */
export interface ReportCommandOptions {
  html?: string;
  csv?: string;
  json?: boolean;
  title?: string;
  targetAccuracy?: string;
}

/** Runs the command; returns the exit code. */
export async function reportAction(inputs: string[], o: ReportCommandOptions): Promise<number> {
  const missing = inputs.filter((p) => !existsSync(p));
  if (missing.length)
    throw new UsageError(
      `results file(s) not found: ${missing.join(', ')}; run \`bench sweep --out FILE\` or \`bench run ... --out FILE\` first`,
    );
  let targetAccuracy: number | undefined;
  if (o.targetAccuracy !== undefined) {
    targetAccuracy = Number(o.targetAccuracy);
    if (!(targetAccuracy > 0 && targetAccuracy <= 1))
      throw new UsageError(`--target-accuracy expects a number in (0, 1], got "${o.targetAccuracy}"`);
  }
  const files = inputs.map(resolveInput);
  const report = await writeReport({
    input: files,
    html: o.html,
    csv: o.csv,
    title: o.title,
    targetAccuracy,
  });
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ inputs, html: o.html ?? null, csv: o.csv ?? null, charts: report.charts, invalidLines: report.invalid, duplicateCells: report.duplicates }, null, 2)}\n`,
    );
    return 0;
  }
  process.stdout.write(`${report.text}\n`);
  if (report.duplicates.length)
    process.stderr.write(
      `bench report: ${report.duplicates.length} cell(s) have more than one run record (two writers or a double merge): ${report.duplicates
        .slice(0, 10)
        .map((d) => d.cellId)
        .join(', ')}\n`,
    );
  for (const bad of report.invalid)
    process.stderr.write(`bench report: skipped invalid line ${bad.line}: ${bad.error}\n`);
  if (o.html) process.stdout.write(`wrote ${o.html} (${report.charts.length} charts)\n`);
  if (o.csv) process.stdout.write(`wrote ${o.csv}\n`);
  return 0;
}

/** Registers `bench report`. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'render result records: fastai-style tables, CSV, and a self-contained HTML page with charts',
    )
    .argument('<results...>', 'results files (JSONL) or `bench slurm` job folders')
    .option('--html <file>', 'write the HTML report here (opens offline)')
    .option('--csv <file>', 'write epoch and run records as CSV here')
    .option('--title <text>', 'title of the HTML page')
    .option(
      '--target-accuracy <x>',
      'E2: target validation accuracy (0..1) for "which batch size reached it first" (default 0.9); when none reaches it, the best reached is shown as such',
    )
    .option('--json', 'print only a JSON summary on stdout')
    .action(async (inputs: string[], opts: ReportCommandOptions) => {
      process.exitCode = await reportAction(inputs, opts);
    });
}
