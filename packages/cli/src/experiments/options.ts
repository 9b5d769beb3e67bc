/** Reading experiment-specific cell options with clear errors. */
import { UsageError } from '../usage-error';
import type { Cell } from './experiment';

/** A string option of a cell, or undefined. */
export function stringOption(cell: Cell, key: string): string | undefined {
  const v = cell.options?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UsageError(`option ${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/** A positive integer option of a cell, or the default. */
export function intOption(cell: Cell, key: string, fallback: number): number;
export function intOption(cell: Cell, key: string, fallback?: number): number | undefined;
export function intOption(cell: Cell, key: string, fallback?: number): number | undefined {
  const v = cell.options?.[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
    throw new UsageError(`option ${key} must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}
