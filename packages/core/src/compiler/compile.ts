import { inferGraph } from '../ir/graph';
import type { Graph, OptimizerSpec, ParamInfo, Program, StateInfo, ValueInfo } from '../ir/graph';
import { flattenLayers, inferShapes } from '../spec/infer-shapes';
import type { InferredLayer } from '../spec/inferred-model';
import type { ModelSpec } from '../spec/model-spec';
import { CompileError } from './compile-error';
import type { CompileSpecOptions } from './compile-spec-options';
import { dropoutSeed } from './dropout-seed';
import { emitBackward } from './emit-backward';
import { emitForward } from './emit-forward';
import type { ForwardRecord } from './emit-forward';
import { GraphBuilder } from './graph-builder';
import { resolveFrozen } from './resolve-frozen';

/** Name of the logits value in every compiled graph. */
export const LOGITS = 'logits';

function resolveOptimizer(opt: OptimizerSpec): OptimizerSpec {
  const check = (field: string, v: number, ok: boolean, range: string) => {
    if (!ok)
      throw new CompileError(
        'optimizer',
        `${opt.kind} ${field} must be ${range}, got ${v}; e.g. lr 0.1 for SGD, 0.001 for Adam`,
      );
  };
  if (!opt || (opt.kind !== 'sgd' && opt.kind !== 'adam')) {
    throw new CompileError('optimizer', `kind must be "sgd" or "adam", got ${JSON.stringify(opt)}`);
  }
  check('lr', opt.lr, Number.isFinite(opt.lr) && opt.lr > 0, 'a finite number > 0');
  if (opt.kind === 'sgd') return { kind: 'sgd', lr: opt.lr };
  const r = {
    kind: 'adam' as const,
    lr: opt.lr,
    beta1: opt.beta1 ?? 0.9,
    beta2: opt.beta2 ?? 0.999,
    epsilon: opt.epsilon ?? 1e-8,
  };
  check('beta1', r.beta1, r.beta1 >= 0 && r.beta1 < 1, 'in [0, 1)');
  check('beta2', r.beta2, r.beta2 >= 0 && r.beta2 < 1, 'in [0, 1)');
  check('epsilon', r.epsilon, r.epsilon > 0, '> 0');
  return r;
}

/**
 * Compiles a ModelSpec, a loss and an optimizer into an IR Program (see `Program` in
 * ir/graph.ts). The `train` graph is forward (eval of every layer in train mode, then the loss),
 * backward (reverse-mode from `softmaxCrossEntropyGrad`, built only from IR gradient ops: dense
 * dW = matmul(x, dy, transA), dx = matmul(dy, W, transB), db = reduceSum over all axes but the
 * last; conv via conv2dGradFilter/conv2dGradInput; residual gradients summed with `add`) and
 * update (one sgdUpdate/adamUpdate per trainable parameter, Adam m/v as zero-initialised
 * `state`). Frozen layers get no parameter gradients, and no input gradient is computed below the
 * lowest trainable layer. Batch-norm layers normalise with batch statistics in `train` and emit
 * their new running statistics as extra updates (targets `<layer>/running_mean`, `/running_var`,
 * params with `buffer: true`); a frozen batch-norm layer, and every one in `evaluate`/`predict`,
 * uses its running statistics and leaves them unchanged. `evaluate` and `predict` run the forward pass in eval mode (dropout is
 * the identity). Parameter names are `<layer>/kernel` and `<layer>/bias`, state names
 * `<param>/m` and `<param>/v`, update outputs `<target>/new`. Every graph is checked with
 * `inferGraph`. Throws SpecError for a bad spec, CompileError for bad options.
 */
export function compile(spec: ModelSpec, options: CompileSpecOptions): Program {
  const model = inferShapes(spec);
  const loss = options.loss ?? { kind: 'softmaxCrossEntropy' };
  if (loss.kind !== 'softmaxCrossEntropy') {
    throw new CompileError(
      'loss',
      `unsupported loss ${JSON.stringify(loss)}; use { kind: 'softmaxCrossEntropy' }`,
    );
  }
  const optimizer = resolveOptimizer(options.optimizer);
  const seed = options.seed ?? 0;
  const all = flattenLayers(model.layers);
  const frozen = resolveFrozen(spec, all, options.frozen ?? []);
  const trainable = (l: InferredLayer) => l.params.length > 0 && !frozen.has(l.name);
  const firstTrainable = all.find(trainable)?.order ?? Number.POSITIVE_INFINITY;
  const seedOf = (l: InferredLayer) => (l.layer as { seed?: number }).seed ?? dropoutSeed(seed, l.order);
  const body = model.layers.filter((l) => l.type !== 'softmax');

  const params: ParamInfo[] = all.flatMap((l) =>
    l.params.map((p) => ({
      name: p.name,
      shape: [...p.shape],
      init: p.init,
      layer: l.name,
      trainable: !p.buffer && trainable(l),
      ...(p.buffer ? { buffer: true as const } : {}),
    })),
  );
  const state: StateInfo[] =
    optimizer.kind === 'adam'
      ? params
          .filter((p) => p.trainable)
          .flatMap((p) =>
            ['m', 'v'].map((s) => ({ name: `${p.name}/${s}`, shape: [...p.shape], param: p.name })),
          )
      : [];
  const x: ValueInfo = { name: 'x', shape: [-1, ...model.inputShape], dtype: 'float32' };
  const y: ValueInfo = { name: 'y', shape: [-1], dtype: 'int32' };
  const step: ValueInfo = { name: 'step', shape: [], dtype: 'int32' };
  const paramInputs: ValueInfo[] = params.map((p) => ({
    name: p.name,
    shape: [...p.shape],
    dtype: 'float32',
  }));
  const stateInputs: ValueInfo[] = state.map((s) => ({
    name: s.name,
    shape: [...s.shape],
    dtype: 'float32',
  }));

  // train: forward, loss, backward, update.
  const tb = new GraphBuilder();
  const records = new Map<string, ForwardRecord>();
  const statUpdates: Program['updates'] = [];
  const isFrozen = (l: InferredLayer) => frozen.has(l.name);
  emitForward({ b: tb, mode: 'train', seedOf, records, frozen: isFrozen, statUpdates }, body, 'x', LOGITS);
  tb.add1('softmaxCrossEntropy', 'loss', [LOGITS, 'y'], {});
  const grads = new Map<string, string>();
  if (params.some((p) => p.trainable)) {
    const dLogits = tb.add1('softmaxCrossEntropyGrad', 'grad/logits', [LOGITS, 'y'], {});
    emitBackward(
      { b: tb, records, grads, trainable, needsInputGrad: (l) => l.order > firstTrainable },
      body,
      dLogits,
    );
  }
  const updates: Program['updates'] = [];
  for (const p of params.filter((q) => q.trainable)) {
    const g = grads.get(p.name)!;
    if (optimizer.kind === 'sgd') {
      updates.push({
        value: tb.add1(
          'sgdUpdate',
          `${p.name}/sgdUpdate`,
          [p.name, g],
          { lr: optimizer.lr },
          `${p.name}/new`,
        ),
        target: p.name,
      });
    } else {
      const [m, v] = [`${p.name}/m`, `${p.name}/v`];
      const outs = tb.add(
        'adamUpdate',
        `${p.name}/adamUpdate`,
        [p.name, g, m, v, 'step'],
        {
          lr: optimizer.lr,
          beta1: optimizer.beta1!,
          beta2: optimizer.beta2!,
          epsilon: optimizer.epsilon!,
        },
        [`${p.name}/new`, `${m}/new`, `${v}/new`],
      );
      updates.push(
        { value: outs[0]!, target: p.name },
        { value: outs[1]!, target: m },
        { value: outs[2]!, target: v },
      );
    }
  }
  updates.push(...statUpdates);
  const train: Graph = {
    inputs: [x, y, step, ...paramInputs, ...stateInputs],
    nodes: tb.nodes,
    outputs: ['loss', ...updates.map((u) => u.value)],
  };

  // evaluate: eval-mode forward, loss and error count.
  const eb = new GraphBuilder();
  emitForward({ b: eb, mode: 'eval', seedOf, records: new Map() }, body, 'x', LOGITS);
  eb.add1('softmaxCrossEntropy', 'loss', [LOGITS, 'y'], {});
  eb.add1('errorCount', 'errors', [LOGITS, 'y'], {});
  const evaluate: Graph = { inputs: [x, y, ...paramInputs], nodes: eb.nodes, outputs: ['loss', 'errors'] };

  // predict: eval-mode forward and softmax.
  const pb = new GraphBuilder();
  emitForward({ b: pb, mode: 'eval', seedOf, records: new Map() }, body, 'x', LOGITS);
  pb.add1('softmax', `${model.layers[model.layers.length - 1]!.name}/softmax`, [LOGITS], {}, 'probs');
  const predict: Graph = { inputs: [x, ...paramInputs], nodes: pb.nodes, outputs: ['probs'] };

  for (const g of [train, evaluate, predict]) inferGraph(g);
  return {
    specificationVersion: 'bench.ir.v1',
    params,
    state,
    x,
    y,
    step,
    numClasses: model.numClasses,
    loss,
    optimizer,
    train,
    updates,
    evaluate,
    predict,
  };
}
