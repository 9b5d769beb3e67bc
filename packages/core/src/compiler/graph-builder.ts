import type { Node } from '../ir/graph';
import type { OpAttrs, OpName } from '../ir/ops';

/**
 * Accumulates the nodes of one graph, with unique node names and values defined once. Internal
 * to the compiler; `inferGraph` checks the result.
 */
export class GraphBuilder {
  readonly nodes: Node[] = [];
  private readonly nodeNames = new Set<string>();

  /**
   * Appends a node `op` named `name` and returns its output value names, which default to the
   * node name for a single-output op and `<name>/<output>` otherwise.
   */
  add<K extends OpName>(
    op: K,
    name: string,
    inputs: string[],
    attrs: OpAttrs[K],
    outputs?: string[],
  ): string[] {
    if (this.nodeNames.has(name)) throw new Error(`compiler bug: node name "${name}" used twice`);
    this.nodeNames.add(name);
    const outs = outputs ?? [name];
    this.nodes.push({ op, name, inputs, outputs: outs, attrs } as Node);
    return outs;
  }

  /** `add` for single-output ops: returns the one output value name. */
  add1<K extends OpName>(op: K, name: string, inputs: string[], attrs: OpAttrs[K], output?: string): string {
    return this.add(op, name, inputs, attrs, [output ?? name])[0]!;
  }
}
