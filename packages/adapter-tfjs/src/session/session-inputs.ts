import { BenchError, formatShape } from '@bench/core';
import type { Batch, Graph, Program } from '@bench/core';
import { toTf } from '../executor';
import type { Tf, TfTensor, TfVariable } from '../tf-types';

/**
 * Builds the environment a Program graph starts from: parameters and optimizer state (the
 * session's variables, no copies), the batch uploaded to the engine, and the step as an int32
 * scalar. Only the values the graph declares as inputs are created.
 */
export function graphInputs(
  tf: Tf,
  program: Program,
  graph: Graph,
  vars: ReadonlyMap<string, TfVariable>,
  feed: { x?: Batch['x']; y?: Batch['y']; step: number },
): Map<string, TfTensor> {
  const env = new Map<string, TfTensor>();
  for (const input of graph.inputs) {
    const v = vars.get(input.name);
    if (v) env.set(input.name, v);
    else if (input.name === program.x.name && feed.x) env.set(input.name, toTf(tf, feed.x));
    else if (input.name === program.y.name && feed.y) env.set(input.name, toTf(tf, feed.y));
    else if (input.name === program.step.name) env.set(input.name, tf.scalar(feed.step, 'int32'));
    else {
      throw new BenchError(
        'BenchError.GraphInput',
        `graph input "${input.name}" is neither a parameter, optimizer state, x ("${program.x.name}"), y ("${program.y.name}") nor step ("${program.step.name}"); the Program is malformed`,
      );
    }
  }
  return env;
}

/** Checks that a batch matches the program's x (non-batch dims) and y; throws naming the values. */
export function checkBatch(
  program: Program,
  backend: string,
  batch: { x: Batch['x']; y?: Batch['y'] },
): void {
  const want = program.x.shape;
  const got = batch.x.shape;
  const ok = got.length === want.length && want.every((d, i) => d === -1 || d === got[i]);
  if (!ok || batch.x.dtype !== 'float32') {
    throw new BenchError(
      'BenchError.BatchShape',
      `backend "${backend}": batch x is ${batch.x.dtype} ${formatShape(got)} but the program expects float32 ${formatShape(want)} (-1 = batch); reshape the data or recompile for this input`,
    );
  }
  if (batch.y && (batch.y.dtype !== 'int32' || batch.y.shape.length !== 1 || batch.y.shape[0] !== got[0])) {
    throw new BenchError(
      'BenchError.BatchShape',
      `backend "${backend}": batch y is ${batch.y.dtype} ${formatShape(batch.y.shape)} but must be int32 [${got[0]}] (one class index per row of x)`,
    );
  }
}
