/**
 * The ONNX protobuf schema (onnx-proto: ONNX 1.10's onnx.proto compiled by protobufjs). This is
 * the one route by which this package writes ModelProto; nothing here hand-encodes the wire format.
 */
import onnxProtoPackage from 'onnx-proto';
import type { onnx as OnnxNamespace } from 'onnx-proto';

/** The `onnx` protobuf namespace (ModelProto, GraphProto, NodeProto, TensorProto, ...). */
export const onnx: typeof OnnxNamespace = (onnxProtoPackage as unknown as { onnx: typeof OnnxNamespace })
  .onnx;
export type { OnnxNamespace };

/** ONNX IR version written (ONNX 1.13+ reads it; opset 18 needs IR version >= 8). */
export const ONNX_IR_VERSION = 8;
/** The default-domain opset every generated model imports (BitwiseXor for dropout needs 18). */
export const ONNX_OPSET = 18;
/**
 * onnxruntime's NCHWc contrib kernels (ReorderInput, ReorderOutput, Conv with a fused activation):
 * CPU provider only, never in files other tools read (exportOnnx lowers with standard ops only).
 */
export const NCHWC_DOMAIN = 'com.microsoft.nchwc';
/** Non-default domains a generated model may import, with the opset version written. */
export const EXTRA_DOMAINS: Readonly<Record<string, number>> = { [NCHWC_DOMAIN]: 1 };

/** ONNX element types used by the lowering. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  UINT32: 12,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];
