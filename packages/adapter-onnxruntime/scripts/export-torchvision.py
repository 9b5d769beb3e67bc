#!/usr/bin/env python3
"""Export torchvision image classifiers to ONNX for Bench's importer tests and benchmarks.

Usage: /usr/bin/python3 export-torchvision.py OUT_DIR [--full]

Writes, from torchvision's models with random weights (weights=None; Bench downloads nothing):
  resnet18-tiny-bn.onnx      ResNet-18 layout, width 8, 32x32 input, 10 classes, BatchNormalization
                             nodes kept (training=TrainingMode.PRESERVE on a model in eval mode)
  resnet18-tiny-folded.onnx  the same weights exported in eval mode (batch norm folded into Conv)
  mobilenetv2-tiny.onnx      MobileNetV2 width 0.25, 32x32 input, 10 classes, BatchNormalization kept
  *.input.bin / *.json       a float32 NCHW input batch and the PyTorch outputs on it (logits)
With --full: resnet18.onnx and mobilenetv2.onnx at 224x224, 1000 classes (benchmarks).
Running statistics are randomised so that eval-mode batch norm is not the identity.
"""
import json
import os
import sys

import torch
import torchvision


def tiny_resnet18():
    from torchvision.models.resnet import BasicBlock, ResNet

    class Narrow(ResNet):
        def __init__(self):
            super().__init__(BasicBlock, [2, 2, 2, 2], num_classes=10)
            # Rebuild every stage at width 8 (torchvision hard-codes 64).
            self.inplanes = 8
            self.conv1 = torch.nn.Conv2d(3, 8, kernel_size=7, stride=2, padding=3, bias=False)
            self.bn1 = torch.nn.BatchNorm2d(8)
            self.layer1 = self._make_layer(BasicBlock, 8, 2)
            self.layer2 = self._make_layer(BasicBlock, 16, 2, stride=2)
            self.layer3 = self._make_layer(BasicBlock, 32, 2, stride=2)
            self.layer4 = self._make_layer(BasicBlock, 64, 2, stride=2)
            self.fc = torch.nn.Linear(64, 10)

    return Narrow()


def randomise_stats(model, seed):
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.rand(n, generator=g) * 0.4 - 0.2)
            m.running_var.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            m.weight.data.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            m.bias.data.copy_(torch.rand(n, generator=g) * 0.2 - 0.1)


def export(model, size, path, preserve_bn, batch=2):
    model.eval()
    x = torch.rand(batch, 3, size, size, generator=torch.Generator().manual_seed(7))
    mode = torch.onnx.TrainingMode.PRESERVE if preserve_bn else torch.onnx.TrainingMode.EVAL
    torch.onnx.export(
        model, x, path, opset_version=17, training=mode, do_constant_folding=not preserve_bn,
        input_names=['input'], output_names=['logits'], dynamic_axes={'input': {0: 'N'}, 'logits': {0: 'N'}},
    )
    with torch.no_grad():
        y = model(x)
    x.numpy().astype('float32').tofile(path[:-5] + '.input.bin')
    with open(path[:-5] + '.json', 'w') as f:
        json.dump({'inputShape': list(x.shape), 'logits': y.flatten().tolist(), 'classes': y.shape[1]}, f)
    print('wrote', path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    r = tiny_resnet18()
    randomise_stats(r, 1)
    export(r, 32, os.path.join(out, 'resnet18-tiny-bn.onnx'), True)
    export(r, 32, os.path.join(out, 'resnet18-tiny-folded.onnx'), False)
    m = torchvision.models.mobilenet_v2(weights=None, num_classes=10, width_mult=0.25)
    randomise_stats(m, 2)
    export(m, 32, os.path.join(out, 'mobilenetv2-tiny.onnx'), True)
    if '--full' in sys.argv:
        export(torchvision.models.resnet18(weights=None), 224, os.path.join(out, 'resnet18.onnx'), True, 1)
        export(torchvision.models.mobilenet_v2(weights=None), 224, os.path.join(out, 'mobilenetv2.onnx'), True, 1)


if __name__ == '__main__':
    main()
