"""E3 in PyTorch, the post's own loop: MLP with ReLU, cross-entropy, SGD lr 0.1, batch 100,
no shuffle; the same data and initial weights as the onnxruntime run (read from a .bin file).
Prints one JSON line: seconds for the epochs and the final epoch's mean loss."""
import json, sys, time
import numpy as np
import os
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "frameworks"))
from torch_info import torch_info  # noqa: E402

a = json.loads(sys.argv[1])
torch.set_num_threads(a["threads"])
data = np.fromfile(a["data"], dtype=np.float32)
n = a["n"]
x = torch.from_numpy(data[: 2 * n].reshape(n, 2).copy())
y = torch.from_numpy(np.fromfile(a["labels"], dtype=np.int32).astype(np.int64))
sizes = a["sizes"]
layers = []
off = 2 * n
for i in range(len(sizes) - 1):
    lin = torch.nn.Linear(sizes[i], sizes[i + 1])
    k = sizes[i] * sizes[i + 1]
    w = data[off : off + k].reshape(sizes[i], sizes[i + 1])
    off += k
    b = data[off : off + sizes[i + 1]]
    off += sizes[i + 1]
    with torch.no_grad():
        lin.weight.copy_(torch.from_numpy(w.T.copy()))
        lin.bias.copy_(torch.from_numpy(b.copy()))
    layers.append(lin)
    if i < len(sizes) - 2:
        layers.append(torch.nn.ReLU())
model = torch.nn.Sequential(*layers)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = torch.nn.CrossEntropyLoss()
bs = a["batch"]
t0 = 0.0
for epoch in range(a["epochs"] + 1):
    if epoch == 1:
        t0 = time.perf_counter()  # epoch 0 is a warm-up, as on the onnxruntime side
        c0 = time.process_time()
    total = 0.0
    for i in range(0, n, bs):
        opt.zero_grad()
        loss = loss_fn(model(x[i : i + bs]), y[i : i + bs])
        loss.backward()
        opt.step()
        total += loss.item()
sec = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({"seconds": sec, "cpuSeconds": cpu, "lastEpochLoss": total / (n // bs), "info": torch_info()}))
