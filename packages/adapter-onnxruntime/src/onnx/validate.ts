/**
 * Structural validation of generated models, run in tests on every model this package writes and
 * before every session is created: every node input is defined before use (in its graph or an
 * enclosing one), every value name is unique across the main graph and all subgraphs, node names
 * are unique, graph outputs are produced, Loop bodies have the right arity, and the model imports
 * exactly one default-domain opset, the one the lowering targets, and otherwise only EXTRA_DOMAINS
 * (each node's domain imported).
 */
import { OnnxModelError } from '../errors/onnx-model-error';
import { EXTRA_DOMAINS, ONNX_OPSET, onnx } from './proto';
import type { OnnxNamespace } from './proto';

/** Returns the problems found (empty when the model is well formed). */
export function findModelIssues(model: OnnxNamespace.IModelProto): string[] {
  const issues: string[] = [];
  const opsets = model.opsetImport ?? [];
  const defaults = opsets.filter((o) => !o.domain);
  if (defaults.length !== 1)
    issues.push(`expected exactly one default-domain opset import, found ${defaults.length}`);
  else if (Number(defaults[0]!.version) !== ONNX_OPSET)
    issues.push(`default opset is ${defaults[0]!.version}, the lowering targets ${ONNX_OPSET}`);
  const unexpected = opsets.filter((o) => o.domain && Number(o.version) !== EXTRA_DOMAINS[o.domain]);
  if (unexpected.length > 0)
    issues.push(`unexpected opset domains: ${unexpected.map((o) => `${o.domain} ${o.version}`).join(', ')}`);
  const imported = new Set(opsets.filter((o) => o.domain).map((o) => o.domain!));
  if (!model.graph) return [...issues, 'model has no graph'];

  const allValues = new Set<string>();
  const allNodes = new Set<string>();
  const define = (name: string, where: string) => {
    if (allValues.has(name)) issues.push(`value "${name}" is defined more than once (again in ${where})`);
    allValues.add(name);
  };

  const walk = (graph: OnnxNamespace.IGraphProto, outer: ReadonlySet<string>, path: string) => {
    const visible = new Set(outer);
    for (const v of graph.input ?? []) {
      define(v.name!, `${path} input`);
      visible.add(v.name!);
    }
    for (const t of graph.initializer ?? []) {
      define(t.name!, `${path} initializer`);
      visible.add(t.name!);
    }
    for (const node of graph.node ?? []) {
      const where = `${path} node "${node.name}" (${node.opType})`;
      if (!node.name) issues.push(`${path}: a ${node.opType} node has no name`);
      else if (allNodes.has(node.name)) issues.push(`node name "${node.name}" is used twice`);
      allNodes.add(node.name ?? '');
      if (node.domain && !imported.has(node.domain))
        issues.push(`${where} uses domain "${node.domain}", which the model does not import`);
      for (const input of node.input ?? []) {
        if (input !== '' && !visible.has(input))
          issues.push(`${where} reads "${input}" before it is defined`);
      }
      for (const attr of node.attribute ?? []) {
        if (attr.type === onnx.AttributeProto.AttributeType.GRAPH && attr.g) {
          checkLoopArity(node, attr.g, where, issues);
          walk(attr.g, visible, `${path}/${node.name}.${attr.name}`);
        }
      }
      for (const output of node.output ?? []) {
        if (output === '') continue;
        define(output, where);
        visible.add(output);
      }
    }
    for (const out of graph.output ?? []) {
      if (!visible.has(out.name!)) issues.push(`${path} output "${out.name}" is never produced`);
    }
  };
  walk(model.graph, new Set(), model.graph.name || 'main');
  return issues;
}

function checkLoopArity(
  node: OnnxNamespace.INodeProto,
  body: OnnxNamespace.IGraphProto,
  where: string,
  issues: string[],
): void {
  if (node.opType !== 'Loop') return;
  const carried = (node.input?.length ?? 0) - 2;
  const bodyIn = body.input?.length ?? 0;
  const bodyOut = body.output?.length ?? 0;
  if (bodyIn !== carried + 2)
    issues.push(`${where}: body takes ${bodyIn} inputs, expected 2 + ${carried} carried`);
  const scans = bodyOut - 1 - carried;
  if (scans < 0 || (node.output?.length ?? 0) !== carried + scans) {
    issues.push(
      `${where}: body has ${bodyOut} outputs and the Loop ${node.output?.length ?? 0}, expected 1 + ${carried} carried + scans`,
    );
  }
}

/** Throws OnnxModelError listing every problem, if there are any. */
export function validateModel(
  model: OnnxNamespace.IModelProto,
  modelName = model.graph?.name ?? 'model',
): void {
  const issues = findModelIssues(model);
  if (issues.length > 0) throw new OnnxModelError(issues, modelName);
}
