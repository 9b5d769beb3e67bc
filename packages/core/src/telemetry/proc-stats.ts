/**
 * Per-process statistics from Linux's /proc: CPU time (user + system clock ticks from
 * /proc/<pid>/stat) and resident memory (VmRSS from /proc/<pid>/status). Every reader returns
 * `undefined` rather than throwing when the file is missing (not Linux, process gone), so the
 * sampler degrades to fewer fields instead of failing a run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Clock ticks per second (`getconf CLK_TCK`), 100 when it cannot be read (the Linux default). */
export function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks =
        Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat fields 14 and
 * 15; `undefined` when the file cannot be read. The command name (field 2) may contain spaces
 * and parentheses, so fields are counted after its closing parenthesis.
 */
export function readProcCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / clockTicksPerSecond() : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size in bytes from /proc/<pid>/status (VmRSS); `undefined` when unreadable. */
export function readProcRssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
