/**
 * The `bench` command line: builds the commander program and maps errors to exit codes
 * (2 for bad usage, 1 for failures).
 */
import { BenchError } from '@bench/core';
import { Command, CommanderError } from 'commander';
import { registerDoctorCommand } from './commands/doctor';
import { registerFindBatchCommand } from './commands/find-batch';
import { registerReportCommand } from './commands/report';
import { registerRunCommand } from './commands/run';
import { registerSlurmCommand } from './commands/slurm';
import { registerSweepCommand } from './commands/sweep';
import { addFlagAdapters } from './registry';
import { UsageError } from './usage-error';

/** Creates the program with every command registered. */
export function createProgram(): Command {
  const program = new Command('bench')
    .description('Bench: measure neural-network training on different compute backends')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride()
    .option(
      '--adapter <package>',
      'load an extra adapter package or module path that exports `backends` (repeatable; also BENCH_ADAPTERS, bench.config.json)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .hook('preAction', (command) => addFlagAdapters(command.opts<{ adapter?: string[] }>().adapter ?? []));
  registerDoctorCommand(program);
  registerRunCommand(program);
  registerSweepCommand(program);
  registerFindBatchCommand(program);
  registerReportCommand(program);
  registerSlurmCommand(program);
  for (const c of program.commands) c.exitOverride().showHelpAfterError();
  return program;
}

/** Runs the CLI with argv; returns the exit code. */
export async function main(argv: string[] = process.argv): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; unknown command/option, missing argument: usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (UsageError.isInstance(error)) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `bench: ${BenchError.isInstance(error) ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
