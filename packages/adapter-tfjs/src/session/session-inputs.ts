import { OpError } from '@bench/core';
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
      throw new OpError(
        'graph',
        input.name,
        `graph input "${input.name}" is neither a parameter, optimizer state, x ("${program.x.name}"), y ("${program.y.name}") nor step ("${program.step.name}"); the Program is malformed`,
      );
    }
  }
  return env;
}
