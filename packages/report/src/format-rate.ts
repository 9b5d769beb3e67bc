/**
 * Rates and times for tables: whole numbers with thousands separators from 100 up, three
 * significant digits below (0.4 samples/s prints 0.400, not 0; 0.0123 stays readable), a dash for
 * a missing or non-finite value.
 */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 100 || v === 0) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}
