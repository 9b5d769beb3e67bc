/**
 * Measurement aid, loaded with `node --import`: makes every onnxruntime-node session start with
 * its CPU memory arena and memory-pattern planning off, to measure how much of a run's peak RSS
 * is onnxruntime's arena (which keeps the largest activations it ever needed) without changing
 * the adapter. Not used by Bench itself.
 */
import { createRequire } from 'node:module';

const ort = createRequire(import.meta.url)('onnxruntime-node');
const create = ort.InferenceSession.create.bind(ort.InferenceSession);
ort.InferenceSession.create = (model, options) =>
  create(model, { ...options, enableCpuMemArena: false, enableMemPattern: false });
