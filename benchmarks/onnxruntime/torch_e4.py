"""E4 CNN in PyTorch (Keras model of the post: 4 x [Conv 3x3 same + ReLU + MaxPool 2], Dense 256,
Dropout 0.2, Dense 512, Dropout 0.2, Dense 10; Adam lr 0.001; batch 250) on random CIFAR-shaped
data. Prints one JSON line: samples per second over the timed steps (after warm-up steps)."""
import json, sys, time
import os
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "frameworks"))
from torch_info import torch_info  # noqa: E402
from torch import nn

a = json.loads(sys.argv[1])
torch.set_num_threads(a["threads"])
torch.manual_seed(0)
layers = []
c = 3
for f in (32, 64, 128, 256):
    layers += [nn.Conv2d(c, f, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
    c = f
layers += [nn.Flatten(), nn.Linear(1024, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10)]
model = nn.Sequential(*layers)
params = sum(p.numel() for p in model.parameters())
opt = torch.optim.Adam(model.parameters(), lr=0.001)
loss_fn = nn.CrossEntropyLoss()
bs = a["batch"]
x = torch.rand(bs, 3, 32, 32)
y = torch.randint(0, 10, (bs,))
def step():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()
for _ in range(a["warmup"]):
    step()
t0 = time.perf_counter()
c0 = time.process_time()
for _ in range(a["steps"]):
    step()
sec = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({"params": params, "seconds": sec, "cpuSeconds": cpu, "samplesPerSecond": a["steps"] * bs / sec, "info": torch_info()}))
