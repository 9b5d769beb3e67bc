/**
 * The structural validator itself: it accepts the models the builders write and reports each
 * kind of defect it is meant to catch.
 */
import { cifarCnn, compile, mlp } from '@bench/core';
import { initWeights } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { buildEpochModel, buildInferenceModel, buildStepModel } from '../backend/models';
import { decodeModel, encodeModel } from './model';
import { NCHWC_DOMAIN, ONNX_OPSET } from './proto';
import type { OnnxNamespace } from './proto';
import { findModelIssues, validateModel } from './validate';

const program = compile(mlp({ layers: 3 }), { optimizer: { kind: 'sgd', lr: 0.1 } });

function roundTrip(m: OnnxNamespace.IModelProto): OnnxNamespace.ModelProto {
  return decodeModel(encodeModel(m));
}

describe('validateModel', () => {
  it('accepts the step, epoch (Loop) and inference models after a protobuf round trip', () => {
    for (const m of [
      buildStepModel(program, 't'),
      buildEpochModel(program, 't'),
      buildInferenceModel(program, initWeights(program), 't'),
    ]) {
      const decoded = roundTrip(m);
      expect(findModelIssues(decoded)).toEqual([]);
      expect(Number(decoded.opsetImport[0]!.version)).toBe(ONNX_OPSET);
    }
  });

  it('reports an undefined input, a duplicate name across a Loop body, a wrong opset and a missing output', () => {
    const m = roundTrip(buildEpochModel(program, 't'));
    const main = m.graph as OnnxNamespace.GraphProto;
    const loop = main.node.find((n) => n.opType === 'Loop') as OnnxNamespace.NodeProto;
    const body = loop.attribute.find((a) => a.name === 'body')!.g as OnnxNamespace.GraphProto;
    const inputName = String(main.input[0]!.name);
    (body.node[0] as OnnxNamespace.NodeProto).input[0] = 'nowhere';
    (body.node[1] as OnnxNamespace.NodeProto).output[0] = inputName;
    m.opsetImport[0]!.version = 13;
    main.output[0]!.name = 'ghost';
    const issues = findModelIssues(m);
    expect(issues.some((i) => i.includes('reads "nowhere" before it is defined'))).toBe(true);
    expect(issues.some((i) => i.includes(`"${inputName}" is defined more than once`))).toBe(true);
    expect(issues.some((i) => i.includes('default opset is 13'))).toBe(true);
    expect(issues.some((i) => i.includes('output "ghost" is never produced'))).toBe(true);
    expect(() => validateModel(m)).toThrow(/BenchError|malformed/);
  });

  it('accepts the NCHWc domain only where the model imports it', () => {
    const cnn = compile(cifarCnn({ inputShape: [8, 8, 3] }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const m = roundTrip(buildStepModel(cnn, 'onnxruntime-cpu'));
    expect(m.opsetImport.map((o) => o.domain)).toEqual(['', NCHWC_DOMAIN]);
    expect(findModelIssues(m)).toEqual([]);
    m.opsetImport.pop();
    expect(
      findModelIssues(m).some((i) =>
        i.includes(`uses domain "${NCHWC_DOMAIN}", which the model does not import`),
      ),
    ).toBe(true);
    m.opsetImport.push({ domain: 'ai.example', version: 1 } as OnnxNamespace.OperatorSetIdProto);
    expect(findModelIssues(m).some((i) => i.includes('unexpected opset domains: ai.example 1'))).toBe(true);
  });
});
