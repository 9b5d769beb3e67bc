import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
/**
 * An exclusive lock on a results file, so two writers (two `--resume`s of one plan, a repair
 * racing a sweep) cannot duplicate or drop cells. The lock is a file `<out>.lock` created with
 * O_EXCL and holding its owner (pid, host, purpose, start time). A lock whose owner process is
 * gone (same host, pid not alive) is stale and taken over; a live owner makes the second writer
 * fail with a message naming the owner and what to do.
 */
import { hostname } from 'node:os';
import { BenchError } from '../errors';

/** What a lock file holds. */
export interface LockOwner {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

/** A held lock; `release()` removes the lock file (idempotent). */
export interface ResultsLock {
  readonly lockPath: string;
  release(): void;
}

/** Locks this process holds (a second acquire of the same file in-process is also refused). */
const held = new Map<string, LockOwner>();

/** The lock file of a results file. */
export const lockPathOf = (out: string): string => `${out}.lock`;

function pidAlive(pid: number): boolean {
  if (process.platform === 'linux' && existsSync('/proc')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(lockPath, 'utf8'));
    return Number.isInteger(o?.pid) && typeof o?.host === 'string' ? (o as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the owner of an existing lock still counts (undefined = the lock is stale). */
function liveOwner(lockPath: string, out: string, owner: LockOwner | undefined): string | undefined {
  if (!owner) {
    // Unreadable: a writer killed between create and write (stale), or one doing so right now.
    try {
      if (Date.now() - statSync(lockPath).mtimeMs < 2000) return 'a writer that is starting up holds it';
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (owner.host !== hostname())
    return `host ${owner.host} (pid ${owner.pid}) holds it; Bench cannot check a process on another host`;
  if (owner.pid === process.pid && held.has(out)) return `this process (${owner.purpose}) already holds it`;
  if (owner.pid !== process.pid && pidAlive(owner.pid))
    return `pid ${owner.pid} (${owner.purpose}, since ${owner.since}) holds it`;
  return undefined;
}

function lockedError(out: string, lockPath: string, who: string): BenchError {
  return new BenchError(
    'BenchError.ResultsLocked',
    `results file "${out}" is locked by another writer: ${who}. Two writers would run cells twice or drop finished cells; wait for it to finish, or pass another --out. If that process is really gone, delete "${lockPath}"`,
  );
}

/** Is `out` locked by a live writer other than this process? Returns the refusal, or undefined. */
export function lockedByOther(out: string): BenchError | undefined {
  const lockPath = lockPathOf(out);
  if (!existsSync(lockPath) || held.has(out)) return undefined;
  const who = liveOwner(lockPath, out, readOwner(lockPath));
  return who ? lockedError(out, lockPath, who) : undefined;
}

/**
 * Takes the lock of results file `out` for `purpose` (e.g. "bench sweep"). Throws a
 * `BenchError.ResultsLocked` when a live writer holds it; takes over a stale lock. The lock is
 * released by `release()` or, failing that, when this process exits normally.
 */
export function acquireResultsLock(out: string, purpose: string): ResultsLock {
  const lockPath = lockPathOf(out);
  const me: LockOwner = { pid: process.pid, host: hostname(), purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      held.set(out, me);
      const onExit = () => release();
      const release = () => {
        process.removeListener('exit', onExit);
        if (held.get(out) !== me) return;
        held.delete(out);
        if (readOwner(lockPath)?.since === me.since && readOwner(lockPath)?.pid === me.pid) {
          try {
            unlinkSync(lockPath);
          } catch {
            // already gone
          }
        }
      };
      process.on('exit', onExit);
      return { lockPath, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new BenchError(
          'BenchError.ResultsLocked',
          `cannot create the lock file "${lockPath}" for results file "${out}": ${(error as Error).message}; make its folder writable or pass another --out`,
          { cause: error },
        );
      }
    }
    const owner = readOwner(lockPath);
    const who = liveOwner(lockPath, out, owner);
    if (who) throw lockedError(out, lockPath, who);
    // Stale: move it aside atomically; if what we moved is not the lock we judged (another
    // process took it over meanwhile), put it back and refuse.
    const aside = `${lockPath}.stale-${process.pid}-${attempt}`;
    try {
      renameSync(lockPath, aside);
    } catch {
      continue; // someone else moved it first; retry the create
    }
    const moved = readOwner(aside);
    if (JSON.stringify(moved) !== JSON.stringify(owner)) {
      try {
        renameSync(aside, lockPath);
      } catch {
        // it was replaced again; the create below will see it
      }
      continue;
    }
    unlinkSync(aside);
  }
  throw lockedError(out, lockPath, 'the lock kept changing hands while Bench tried to take it');
}

/**
 * Runs `fn` holding the lock of `out` (taken and released here, or reused when this process
 * already holds it, so lock-taking functions nest).
 */
export function withResultsLock<T>(out: string, purpose: string, fn: () => T): T {
  if (held.has(out)) return fn();
  const lock = acquireResultsLock(out, purpose);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    lock.release();
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => lock.release()) as T;
  }
  lock.release();
  return result;
}
