/**
 * Validation of a safetensors header (the JSON after the 8-byte length). Any file may arrive
 * here, so nothing is trusted: the header must be an object; each tensor entry an object with a
 * string dtype Bench reads (F32, I32), a shape of non-negative integers and `data_offsets`
 * `[begin, end]` of safe integers with 0 <= begin <= end <= the data section's size, whose byte
 * count matches the shape, and no two tensors may share bytes (otherwise header bytes or another
 * tensor's bytes would load as weights). Each failure names the tensor and the rule.
 */
import { sizeOf } from '../tensor';

/** One validated tensor entry of a safetensors header. */
export interface SafetensorsEntry {
  name: string;
  dtype: 'F32' | 'I32';
  shape: number[];
  begin: number;
  end: number;
}

/** A validated header: tensor entries (in header order) and the string metadata. */
export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? String(v);

/**
 * Checks a parsed header against a data section of `dataBytes` bytes; returns its entries or a
 * message naming the tensor and the broken rule (the caller adds the file name).
 */
export function validateSafetensorsHeader(header: unknown, dataBytes: number): SafetensorsHeader | string {
  if (!isRecord(header))
    return `has a header that is ${Array.isArray(header) ? 'an array' : header === null ? 'null' : `a ${typeof header}`}, not a JSON object of tensors: not a safetensors file`;
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(info) || !Object.values(info).every((v) => typeof v === 'string'))
        return `has "__metadata__" ${show(info)}; it must be an object of strings`;
      metadata = info as Record<string, string>;
      continue;
    }
    const at = `tensor "${name}"`;
    if (!isRecord(info)) return `${at} is ${show(info)}, not an object {dtype, shape, data_offsets}`;
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== 'string') return `${at} has dtype ${show(dtype)}; it must be a string such as "F32"`;
    if (dtype !== 'F32' && dtype !== 'I32')
      return `${at}: dtype ${dtype} is not supported, convert to F32 (Bench reads F32 and I32)`;
    if (!Array.isArray(shape) || !shape.every(isCount))
      return `${at} has shape ${show(shape)}; it must be an array of non-negative integers`;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount))
      return `${at} has data_offsets ${show(offsets)}; it must be [begin, end], two non-negative integers`;
    const [begin, end] = offsets as [number, number];
    if (begin > end) return `${at} has data_offsets [${begin}, ${end}]: begin is after end`;
    if (end > dataBytes)
      return `${at} has data_offsets [${begin}, ${end}] past the end of the data (${dataBytes} bytes): truncated`;
    const n = sizeOf(shape as number[]);
    if (end - begin !== n * 4)
      return `${at} has ${end - begin} bytes (data_offsets [${begin}, ${end}]) for shape [${shape.join(', ')}] of ${dtype} (expected ${n * 4})`;
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.begin < prev.end)
      return `tensors "${prev.name}" [${prev.begin}, ${prev.end}) and "${cur.name}" [${cur.begin}, ${cur.end}) overlap; each tensor needs its own bytes`;
  }
  return { entries, metadata };
}
