/**
 * The ONNX models a backend builds from IR: a stand-alone graph (Backend.run), one training step,
 * a whole run of steps inside a Loop (params and optimizer state loop-carried, per-step losses
 * as a scan output), evaluate, predict, and a plain inference model with trained weights as
 * initializers (export). Every model is checked by `validateModel` before it is returned.
 */
import type { DType, Graph, NamedTensors, Program, ValueType } from '@bench/core';
import { lowerGraph } from '../lower/lower-graph';
import { GraphBuilder, NameScope } from '../onnx/graph-builder';
import type { ValueDecl } from '../onnx/graph-builder';
import { buildModel } from '../onnx/model';
import { DataType } from '../onnx/proto';
import type { DataTypeCode, OnnxNamespace } from '../onnx/proto';
import { validateModel } from '../onnx/validate';

/** ONNX element type of an IR dtype. */
export function onnxType(dtype: DType): DataTypeCode {
  return dtype === 'int32' ? DataType.INT32 : DataType.FLOAT;
}

/** Declared dims: -1 (the batch) becomes the symbolic dim "N". */
function dims(shape: readonly number[]): (number | string)[] {
  return shape.map((d) => (d === -1 ? 'N' : d));
}

function decl(name: string, dtype: DType, shape: readonly number[]): ValueDecl {
  return { name, type: onnxType(dtype), dims: dims(shape) };
}

/** Emits Identity nodes naming each output and declares them. */
function emitOutputs(
  g: GraphBuilder,
  values: { onnx: string; name: string; dtype: DType; shape?: readonly number[] }[],
): void {
  for (const v of values) {
    g.op('Identity', [v.onnx], {}, [g.scope.claim(v.name)]);
    g.addOutput({ name: v.name, type: onnxType(v.dtype), dims: v.shape ? dims(v.shape) : undefined });
  }
}

function finish(g: GraphBuilder, doc: string): OnnxNamespace.IModelProto {
  const model = buildModel(g, doc);
  validateModel(model, g.name);
  return model;
}

/** A stand-alone graph: inputs as declared (or as fed), outputs as requested. */
export function buildGraphModel(
  graph: Graph,
  backend: string,
  inputTypes?: Record<string, ValueType>,
): OnnxNamespace.IModelProto {
  const g = new GraphBuilder(new NameScope(), 'run');
  g.scope.reserve(graph.outputs.map(outputName));
  const bound: Record<string, string> = {};
  for (const v of graph.inputs) {
    const t = inputTypes?.[v.name] ?? v;
    bound[v.name] = g.addInput(decl(v.name, t.dtype, t.shape));
  }
  const ctx = lowerGraph(g, graph, bound, backend, inputTypes);
  emitOutputs(
    g,
    graph.outputs.map((o) => ({ onnx: ctx.get(o), name: outputName(o), dtype: ctx.type(o).dtype })),
  );
  return finish(g, 'Bench IR graph lowered by @bench/adapter-onnxruntime');
}

/** The ONNX output name of an IR value requested as a graph output. */
export function outputName(irValue: string): string {
  return `out:${irValue}`;
}

/** Names of the carried state of a training session, in order: params then optimizer state. */
export function carriedNames(program: Program): string[] {
  return [...program.params.map((p) => p.name), ...program.state.map((s) => s.name)];
}

function carriedShapes(program: Program): Map<string, number[]> {
  return new Map([
    ...program.params.map((p) => [p.name, p.shape] as const),
    ...program.state.map((s) => [s.name, s.shape] as const),
  ]);
}

/** The update value that replaces each carried name after a step (the name itself when not updated). */
function updatedValue(program: Program, name: string): string | undefined {
  return program.updates.find((u) => u.target === name)?.value;
}

/**
 * One training step: inputs x, y, step and every param/state (canonical); outputs `loss` then
 * the new value of every carried name (`next:<name>`).
 */
export function buildStepModel(program: Program, backend: string): OnnxNamespace.IModelProto {
  const g = new GraphBuilder(new NameScope(), 'train_step');
  g.scope.reserve(['loss', ...carriedNames(program).map((n) => `next:${n}`)]);
  const bound = declareTrainInputs(g, program);
  const ctx = lowerGraph(g, program.train, bound, backend);
  const shapes = carriedShapes(program);
  emitOutputs(g, [
    { onnx: ctx.get(program.train.outputs[0]!), name: 'loss', dtype: 'float32', shape: [] },
    ...carriedNames(program).map((n) => ({
      onnx: ctx.get(updatedValue(program, n) ?? n),
      name: `next:${n}`,
      dtype: 'float32' as const,
      shape: shapes.get(n),
    })),
  ]);
  return finish(g, 'Bench training step');
}

function declareTrainInputs(g: GraphBuilder, program: Program): Record<string, string> {
  const bound: Record<string, string> = {};
  for (const v of program.train.inputs) bound[v.name] = g.addInput(decl(v.name, v.dtype, v.shape));
  return bound;
}

/**
 * A run of S equal-sized steps in one Loop. Inputs: `xs` [S, N, ...], `ys` [S, N], `step0`
 * (int32, the step before the first), every param/state (canonical). Outputs: `next:<name>` for
 * every carried value, then `losses` [S].
 */
export function buildEpochModel(program: Program, backend: string): OnnxNamespace.IModelProto {
  const scope = new NameScope();
  const g = new GraphBuilder(scope, 'train_epoch');
  const xs = g.addInput({
    name: 'xs',
    type: onnxType(program.x.dtype),
    dims: ['S', ...dims(program.x.shape)],
  });
  const ys = g.addInput({
    name: 'ys',
    type: onnxType(program.y.dtype),
    dims: ['S', ...dims(program.y.shape)],
  });
  const step0 = g.addInput({ name: 'step0', type: DataType.INT32, dims: [] });
  const carried = carriedNames(program);
  const shapes = carriedShapes(program);
  for (const n of carried) g.addInput(decl(n, 'float32', shapes.get(n)!));
  // Claimed before the body is lowered so that no lowered value can take these names.
  const outs = [...carried.map((n) => scope.claim(`next:${n}`)), scope.claim('losses')];

  const body = new GraphBuilder(scope, 'train_epoch_body');
  scope.reserve(['loop:cond_out', ...carried.map((n) => `loop:next:${n}`), 'loop:loss']);
  const iter = body.addInput({ name: 'loop:iter', type: DataType.INT64, dims: [] });
  const condIn = body.addInput({ name: 'loop:cond', type: DataType.BOOL, dims: [] });
  const bound: Record<string, string> = {};
  for (const n of carried) bound[n] = body.addInput(decl(`loop:${n}`, 'float32', shapes.get(n)!));
  bound[program.x.name] = body.op1('Gather', [xs, iter], { axis: 0 }, 'loop:x');
  bound[program.y.name] = body.op1('Gather', [ys, iter], { axis: 0 }, 'loop:y');
  const one = body.constant(DataType.INT32, [1], [], 'one');
  const iter32 = body.op1('Cast', [iter], { to: DataType.INT32 }, 'loop:iter32');
  bound[program.step.name] = body.op1('Add', [body.op1('Add', [step0, iter32]), one], {}, 'loop:step');
  const ctx = lowerGraph(body, program.train, bound, backend);
  emitOutputs(body, [
    { onnx: condIn, name: 'loop:cond_out', dtype: 'float32' },
    ...carried.map((n) => ({
      onnx: ctx.get(updatedValue(program, n) ?? n),
      name: `loop:next:${n}`,
      dtype: 'float32' as const,
      shape: shapes.get(n),
    })),
    { onnx: ctx.get(program.train.outputs[0]!), name: 'loop:loss', dtype: 'float32', shape: [] },
  ]);
  body.outputs[0]!.type = DataType.BOOL;
  body.outputs[0]!.dims = [];

  const trip = g.op1('Gather', [g.op1('Shape', [xs]), g.i64(0)], { axis: 0 }, 'trip');
  g.op('Loop', [trip, '', ...carried], { body }, outs, 'epoch');
  carried.forEach((n) => g.addOutput(decl(`next:${n}`, 'float32', shapes.get(n)!)));
  g.addOutput({ name: 'losses', type: DataType.FLOAT, dims: ['S'] });
  return finish(g, 'Bench training epoch (Loop over steps)');
}

/** Evaluate: inputs x, y and the params; outputs `loss` (batch mean) and `errors` (count). */
export function buildEvalModel(program: Program, backend: string): OnnxNamespace.IModelProto {
  return buildGraphModel(program.evaluate, backend);
}

/** Predict: inputs x and the params; output `probs`. */
export function buildPredictModel(program: Program, backend: string): OnnxNamespace.IModelProto {
  return buildGraphModel(program.predict, backend);
}

/**
 * A plain inference model: input `x` -> output `probs`, the given weights as initializers (the
 * forward section only, as in `program.predict`).
 */
export function buildInferenceModel(
  program: Program,
  weights: NamedTensors,
  backend: string,
): OnnxNamespace.IModelProto {
  const g = new GraphBuilder(new NameScope(), 'inference');
  g.scope.reserve(['probs']);
  const bound: Record<string, string> = {};
  const paramNames = new Set(program.params.map((p) => p.name));
  for (const v of program.predict.inputs) {
    if (paramNames.has(v.name)) {
      const w = weights[v.name];
      if (!w || w.dtype !== 'float32')
        throw new Error(`exportOnnx: weight "${v.name}" is missing or not float32`);
      bound[v.name] = g.addInitializer(v.name, w.shape, w.data as Float32Array);
    } else {
      bound[v.name] = g.addInput(decl(v.name === program.x.name ? 'x' : v.name, v.dtype, v.shape));
    }
  }
  const ctx = lowerGraph(g, program.predict, bound, backend, undefined, { portable: true });
  emitOutputs(g, [
    {
      onnx: ctx.get(program.predict.outputs[0]!),
      name: 'probs',
      dtype: 'float32',
      shape: [-1, program.numClasses],
    },
  ]);
  return finish(g, `Bench inference model (${program.params.length} params)`);
}
