/**
 * The shared conformance suite (@bench/testkit) on onnxruntime-cpu: every IR op against the
 * reference backend, and training parity for the E3 MLP (SGD) and the E4 CNN (Adam, dropout).
 * Skipped, with the probe's reason printed, where onnxruntime-node cannot load.
 */
import { describeConformance } from '@bench/testkit';
import { onnxruntimeCpuEntry } from './backend/entries';

describeConformance('onnxruntime-cpu', () => onnxruntimeCpuEntry.create(), {
  probe: () => onnxruntimeCpuEntry.probe(),
  models: ['mlp', 'cnn', 'resnet', 'mobilenet'],
});
