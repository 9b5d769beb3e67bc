/**
 * ModelProto assembly and serialisation through onnx-proto's protobufjs encoder.
 */
import type { GraphBuilder } from './graph-builder';
import { EXTRA_DOMAINS, ONNX_IR_VERSION, ONNX_OPSET, onnx } from './proto';
import type { OnnxNamespace } from './proto';

/** The non-default node domains used in a graph and its subgraphs. */
export function usedDomains(graph: OnnxNamespace.IGraphProto, into = new Set<string>()): Set<string> {
  for (const node of graph.node ?? []) {
    if (node.domain) into.add(node.domain);
    for (const a of node.attribute ?? []) if (a.g) usedDomains(a.g, into);
  }
  return into;
}

/**
 * Wraps a main graph into a ModelProto importing the default-domain opset `ONNX_OPSET`, plus each
 * EXTRA_DOMAINS domain its nodes use (an unknown domain is left unimported: validation names it).
 */
export function buildModel(graph: GraphBuilder, docString = ''): OnnxNamespace.IModelProto {
  const proto = graph.toProto();
  const extra = [...usedDomains(proto)].filter((d) => EXTRA_DOMAINS[d] !== undefined);
  return {
    irVersion: ONNX_IR_VERSION,
    producerName: '@bench/adapter-onnxruntime',
    producerVersion: '0.1.0',
    docString,
    opsetImport: [
      { domain: '', version: ONNX_OPSET },
      ...extra.map((domain) => ({ domain, version: EXTRA_DOMAINS[domain]! })),
    ],
    graph: proto,
  };
}

/** Serialises a model to protobuf bytes (what `InferenceSession.create` and `.onnx` files take). */
export function encodeModel(model: OnnxNamespace.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Parses protobuf bytes back into a ModelProto (tests and validation of written files). */
export function decodeModel(bytes: Uint8Array): OnnxNamespace.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
