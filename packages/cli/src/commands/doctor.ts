/**
 * `bench doctor`: every backend Bench knows, whether it can run here, on what device, and if not,
 * why and how to fix it, and where its adapter came from (built-in, `--adapter`, `BENCH_ADAPTERS`
 * or bench.config.json); then the adapter packages that are not installed (with the command that
 * installs each) and the optional data packages of @bench/datasets.
 *
 * Engines print to the process's file descriptor 2 from native code (Dawn's
 * `maxDynamic...PerPipelineLayout artificially reduced` warnings, driver chatter), where no
 * JavaScript hook sees it. So the probes run in a child process (this command again, with
 * BENCH_DOCTOR_PROBE_CHILD set) whose stderr is captured: the user sees the table, and the
 * engines' output only with `--verbose`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type { ProbeReport } from '@bench/core';
import { OPTIONAL_PACKAGES } from '@bench/datasets';
import Table from 'cli-table3';
import type { Command } from 'commander';
import pc from 'picocolors';
import { type LoadedAdapter, type MissingAdapter, flagAdapterSpecifiers, loadRegistry } from '../registry';

/** Where a backend's adapter was named: `built-in`, `--adapter`, `BENCH_ADAPTERS` or the config file. */
function sourceOf(backend: string, adapters: readonly LoadedAdapter[]): string {
  const a = adapters.find((x) => x.backends.includes(backend));
  if (!a) return 'built-in';
  if (a.source === 'config') return a.file ? relative(process.cwd(), a.file) : 'bench.config.json';
  return a.source === 'env' ? 'BENCH_ADAPTERS' : a.source === 'flag' ? '--adapter' : 'built-in';
}

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

/** Set in the probe child: probe in this process and print only the JSON result. */
export const PROBE_CHILD_ENV = 'BENCH_DOCTOR_PROBE_CHILD';

/** A backend's probe, with where its adapter was named. */
export type BackendReport = ProbeReport & { from: string };

/** What the probes found. */
export interface DoctorResult {
  backends: BackendReport[];
  adapters: LoadedAdapter[];
  missingPackages: MissingAdapter[];
}

/** A probe child's result and what the engines printed on its stderr (one entry per line). */
export interface ChildProbe {
  result: DoctorResult;
  engineOutput: string[];
}

async function probeHere(): Promise<DoctorResult> {
  const { registry, missing, adapters } = await loadRegistry();
  const backends = (await registry.probeAll()).map((r) => ({ ...r, from: sourceOf(r.name, adapters) }));
  return { backends, adapters, missingPackages: missing };
}

/**
 * The user adapters the probe child could not load but this process can (a TypeScript module
 * imported under a TS-aware loader such as vitest's): probed here, so the table has them.
 */
async function probeWhatTheChildMissed(result: DoctorResult): Promise<DoctorResult> {
  const userMissing = result.missingPackages.filter((m) => m.source !== 'built-in');
  if (userMissing.length === 0) return result;
  const { registry, adapters } = await loadRegistry();
  const recovered = adapters.filter((a) => userMissing.some((m) => m.packageName === a.specifier));
  if (recovered.length === 0) return result;
  const backends = [...result.backends];
  for (const a of recovered) {
    for (const name of a.backends) {
      const e = registry.entry(name);
      backends.push({
        name,
        priority: e.priority,
        description: e.description,
        packageName: e.packageName,
        deviceKind: e.deviceKind,
        ...(await registry.probe(name)),
        from: sourceOf(name, adapters),
      });
    }
  }
  return {
    backends,
    adapters: [...result.adapters, ...recovered],
    missingPackages: result.missingPackages.filter(
      (m) => !recovered.some((a) => a.specifier === m.packageName),
    ),
  };
}

/**
 * Runs `argv` (a command printing a DoctorResult as JSON on stdout) with its stderr captured.
 * Resolves `{ error }`, saying why, when the child cannot start, times out or prints no result.
 */
export function probeInChild(
  argv: readonly string[],
  timeoutMs = 120_000,
): Promise<ChildProbe | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0] as string, argv.slice(1), {
      env: { ...process.env, [PROBE_CHILD_ENV]: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ error: `could not start the probe process: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const engineOutput = stderr.split('\n').filter((l) => l.trim() !== '');
      try {
        const result = JSON.parse(stdout) as DoctorResult;
        if (!Array.isArray(result.backends)) throw new Error('no "backends" in its output');
        resolve({ result, engineOutput });
      } catch (e) {
        resolve({
          error: `the probe process ended (${signal ?? `exit ${code}`}) without a result (${(e as Error).message}); its stderr: ${engineOutput.slice(-5).join(' | ') || 'empty'}`,
        });
      }
    });
  });
}

/** This CLI's launcher, to run the probes in a child (`node bin/bench.mjs doctor --json`). */
function cliArgv(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('@bench/cli/package.json'));
  // Adapters named with --adapter are passed on, so the child says where they came from.
  const flags = flagAdapterSpecifiers().flatMap((a) => ['--adapter', a]);
  return [process.execPath, join(root, 'bin', 'bench.mjs'), ...flags, 'doctor', '--json'];
}

/** Registers `bench doctor [--json] [--verbose]`. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('list every backend: available or not, device, reason and remedy')
    .option('--json', 'print JSON instead of a table')
    .option('--verbose', "also print what the engines wrote to stderr while probed (e.g. Dawn's warnings)")
    .action(async (opts: { json?: boolean; verbose?: boolean }) => {
      if (process.env[PROBE_CHILD_ENV]) {
        process.stdout.write(`${JSON.stringify(await probeHere())}\n`);
        return;
      }
      const child = await probeInChild(cliArgv());
      let result: DoctorResult;
      let engineOutput: string[] = [];
      if ('error' in child) {
        // Probing here still answers; engine output may then reach the terminal unfiltered.
        if (opts.verbose) process.stderr.write(`bench doctor: ${child.error}; probing in this process\n`);
        result = await probeHere();
      } else {
        ({ result, engineOutput } = child);
        result = await probeWhatTheChildMissed(result);
      }
      const dataPackages = dataPackageReports();
      if (opts.json) {
        const json = { ...result, dataPackages, ...(opts.verbose ? { engineOutput } : {}) };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      printTable(result);
      printDataPackages(dataPackages);
      if (opts.verbose && engineOutput.length) {
        process.stdout.write(
          `\nengine output while probing (${engineOutput.length} lines):\n${engineOutput.map((l) => `  ${l}`).join('\n')}\n`,
        );
      }
    });
}

function printTable({ backends: reports, missingPackages: missing }: DoctorResult): void {
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
    table.push([
      m.backends.join(', ') || pc.dim('(adapter)'),
      pc.red('no'),
      m.reason,
      m.remedy,
      `${m.packageName} (${m.source})`,
    ]);
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
}

function printDataPackages(dataPackages: DataPackageReport[]): void {
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
}
