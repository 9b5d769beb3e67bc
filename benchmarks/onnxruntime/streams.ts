/**
 * Experiment (issue 16, did not pay; used by ab-lowering ORT_STREAMS and profile-step --streams):
 * one execution stream per batch part of a split training model (BENCH_ORT_SPLIT, see the
 * adapter's lower/batch-split.ts), so onnxruntime runs the parts on separate inter-op threads. It
 * does (both threads busy), but each part then costs as much CPU as the whole batch unsplit: 480
 * vs 250 CPU ms per E4 step. onnxruntime
 * 1.29's executionMode 'parallel' alone keeps every CPU node on one stream (measured: all nodes of
 * the E4 step on one thread, at twice the CPU time, since parallel mode also turns off buffer
 * reuse); its node partition config (`session.node_partition_config_file`, JSON
 * `{type, devices, streams: [[node names]]}`) is the documented way to place nodes on streams.
 * onnxruntime writes that file for a model when it does not exist yet, with the node names of
 * its optimised graph, so: create a session once to get the file, move each part's nodes
 * (named `node/part<h>/...`) to stream h, and create the real session with the rewritten file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PART_PREFIX } from '../../packages/adapter-onnxruntime/src/lower/batch-split';

/** The partition config onnxruntime reads and writes. */
interface PartitionConfig {
  type: string;
  devices: string[];
  streams: string[][];
}

/** Session options (as InferenceSession.create takes them) with a config-file entry added. */
type SessionOptions = Record<string, unknown> & { extra?: { session?: Record<string, unknown> } };

function withConfig(options: SessionOptions, file: string, parts: number): SessionOptions {
  return {
    ...options,
    executionMode: 'parallel',
    interOpNumThreads: parts,
    intraOpNumThreads: 1,
    extra: { ...options.extra, session: { ...options.extra?.session, node_partition_config_file: file } },
  };
}

/** Moves the nodes named `node/part<h>/...` (h < parts) to stream h, everything else to stream 0. */
export function partStreams(config: PartitionConfig, parts: number): PartitionConfig {
  const streams: string[][] = Array.from({ length: parts }, () => []);
  const pattern = new RegExp(`^node/${PART_PREFIX}(\\d+)/`);
  for (const name of config.streams.flat()) {
    const h = Number(pattern.exec(name)?.[1] ?? 0);
    streams[h < parts ? h : 0]!.push(name);
  }
  return { ...config, devices: streams.map(() => config.devices[0]!), streams };
}

/**
 * Creates the session of a split model with one stream (and one inter-op thread, one intra-op
 * thread) per part. `create` is `ort.InferenceSession.create` (bound); the temporary files are
 * removed once the session exists.
 */
export async function createPartSession<S extends { release(): Promise<void> }>(
  create: (model: Uint8Array, options: SessionOptions) => Promise<S>,
  model: Uint8Array,
  options: SessionOptions,
  parts: number,
): Promise<S> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ort-streams-'));
  try {
    const dumped = join(dir, 'dumped.json');
    await (await create(model, withConfig(options, dumped, parts))).release();
    const config = JSON.parse(readFileSync(dumped, 'utf8')) as PartitionConfig;
    const file = join(dir, 'parts.json');
    writeFileSync(file, JSON.stringify(partStreams(config, parts)));
    return await create(model, withConfig(options, file, parts));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
