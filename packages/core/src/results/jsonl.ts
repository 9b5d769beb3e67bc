/**
 * JSONL result files: each record validated, then a batch (one cell's records) appended as
 * whole lines on a fresh line, rolled back on a short write (see append-records.ts), so readers
 * only ever see whole records plus, at worst, a torn line they skip and report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { BenchError } from '../errors';
import { appendLinesAtomically } from './append-records';
import { lockedByOther } from './results-lock';
import { ResultRecord } from './schema';

/** Validates a record; throws a BenchError listing every schema problem. */
export function validateRecord(record: unknown): ResultRecord {
  const parsed = ResultRecord.safeParse(record);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`)
      .join('; ');
    throw new BenchError('BenchError.InvalidRecord', `invalid result record: ${problems}`);
  }
  return parsed.data;
}

/**
 * Appends validated records to a JSONL file (created with its folder if missing) as one unit:
 * all of them or, on a write error, none (`BenchError.ResultsWrite` naming the path and fix).
 * Refuses (`BenchError.ResultsLocked`) while another live process holds the file's lock.
 */
export function appendRecords(path: string, records: readonly ResultRecord[]): void {
  if (records.length === 0) return;
  const lines = records.map((r) => `${JSON.stringify(validateRecord(r))}\n`).join('');
  const locked = lockedByOther(path);
  if (locked) throw locked;
  appendLinesAtomically(path, lines);
}

/** What `readRecords` found. */
export interface ReadResult {
  records: ResultRecord[];
  /** Lines that did not parse or validate (1-based line numbers), e.g. a torn last line. */
  invalid: { line: number; error: string }[];
}

/** Reads every valid record of a JSONL file; invalid lines are reported, not thrown. */
export function readRecords(path: string): ReadResult {
  if (!existsSync(path)) {
    throw new BenchError(
      'BenchError.NoResults',
      `results file "${path}" does not exist; run \`bench run ... --out ${path}\` first`,
    );
  }
  const out: ReadResult = { records: [], invalid: [] };
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.records.push(validateRecord(JSON.parse(line)));
      } catch (error) {
        out.invalid.push({ line: i + 1, error: error instanceof Error ? error.message : String(error) });
      }
    });
  return out;
}
