/**
 * Type aliases for the TensorFlow.js namespace. Kernels and sessions never import tfjs-core's
 * functions statically: they call the namespace an engine loader returns, because
 * `@tensorflow/tfjs-node` ships its own copy of tfjs-core and its tensors only work with that copy.
 */
import type * as tfc from '@tensorflow/tfjs-core';

/** The TensorFlow.js core namespace (`import * as tf from '@tensorflow/tfjs-core'`). */
export type Tf = typeof tfc;

/** A tfjs tensor. */
export type TfTensor = tfc.Tensor;

/** A tfjs variable (a tensor whose value `assign` replaces in place). */
export type TfVariable = tfc.Variable;
