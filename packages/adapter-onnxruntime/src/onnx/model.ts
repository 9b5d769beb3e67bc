/**
 * ModelProto assembly and serialisation through onnx-proto's protobufjs encoder.
 */
import type { GraphBuilder } from './graph-builder';
import { ONNX_IR_VERSION, ONNX_OPSET, onnx } from './proto';
import type { OnnxNamespace } from './proto';

/** Wraps a main graph into a ModelProto importing the default-domain opset `ONNX_OPSET`. */
export function buildModel(graph: GraphBuilder, docString = ''): OnnxNamespace.IModelProto {
  return {
    irVersion: ONNX_IR_VERSION,
    producerName: '@bench/adapter-onnxruntime',
    producerVersion: '0.1.0',
    docString,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: graph.toProto(),
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
