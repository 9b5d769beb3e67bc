/**
 * Checkpoints in the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte
 * little-endian header length, a JSON header `{ name: { dtype, shape, data_offsets }, __metadata__ }`,
 * then the raw little-endian tensor bytes. It is documented, dependency-free, and readable from
 * Python (`safetensors.numpy.load_file`), so a body trained once can be fine-tuned anywhere later.
 * Weights are stored in Bench's canonical layout (dense [in, out], conv [kh, kw, in, out]).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BenchError } from '../errors';
import type { HostTensor, NamedTensors } from '../tensor';
import { validateSafetensorsHeader } from './safetensors-header';

const DTYPES = { float32: 'F32', int32: 'I32' } as const;

/** What a checkpoint file holds besides the tensors (strings only, as the format requires). */
export type CheckpointMetadata = Record<string, string>;

/** Writes weights (and string metadata, e.g. the model spec as JSON) to a safetensors file. */
export function saveCheckpoint(path: string, weights: NamedTensors, metadata: CheckpointMetadata = {}): void {
  const names = Object.keys(weights).sort();
  const header: Record<string, unknown> = { __metadata__: { format: 'bench', ...metadata } };
  let offset = 0;
  for (const name of names) {
    const t = weights[name]!;
    const bytes = t.data.byteLength;
    header[name] = { dtype: DTYPES[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // The format recommends 8-byte alignment of the data section: pad the header with spaces.
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const t = weights[name]!;
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, at);
    at += t.data.byteLength;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, out);
}

/**
 * Reads a safetensors checkpoint written by Bench (or any F32/I32 safetensors file). Every part of
 * the header is checked (see safetensors-header.ts); a bad file is a `BenchError.Checkpoint`
 * naming the file, the tensor and the rule.
 */
export function loadCheckpoint(path: string): { weights: NamedTensors; metadata: CheckpointMetadata } {
  const fail = (why: string): never => {
    throw new BenchError('BenchError.Checkpoint', `checkpoint "${path}": ${why}`);
  };
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (error) {
    return fail(`cannot be read (${error instanceof Error ? error.message : String(error)}); check the path`);
  }
  if (buf.length < 8) fail(`is ${buf.length} bytes, too short to be a safetensors file`);
  const headerLen = Number(buf.readBigUInt64LE(0));
  if (8 + headerLen > buf.length)
    fail(
      `header length ${headerLen} exceeds the file size ${buf.length}: truncated or not a safetensors file`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8'));
  } catch {
    return fail('has a header that is not valid JSON: not a safetensors file');
  }
  const dataStart = 8 + headerLen;
  const header = validateSafetensorsHeader(parsed, buf.length - dataStart);
  if (typeof header === 'string') return fail(header);
  const weights: NamedTensors = {};
  for (const { name, dtype, shape, begin, end } of header.entries) {
    const copy = new ArrayBuffer(end - begin);
    new Uint8Array(copy).set(buf.subarray(dataStart + begin, dataStart + end));
    const t: HostTensor =
      dtype === 'F32'
        ? { dtype: 'float32', shape, data: new Float32Array(copy) }
        : { dtype: 'int32', shape, data: new Int32Array(copy) };
    weights[name] = t;
  }
  return { weights, metadata: header.metadata };
}
