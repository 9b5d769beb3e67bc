"""E1 fine-tuning step in PyTorch: torchvision's ResNet-18 (weights=None) with a new 2-class head,
Adam lr 1e-3, cross-entropy, train mode (batch norm on batch statistics), 192x192 random images.
Prints one JSON line: each step's seconds (warm-up steps apart) and samples per second over the
timed steps."""
import json, sys, time
import torch
import torchvision

a = json.loads(sys.argv[1])
torch.set_num_threads(a["threads"])
torch.manual_seed(0)
model = torchvision.models.resnet18(weights=None)
model.fc = torch.nn.Linear(512, 2)
model.train()
params = sum(p.numel() for p in model.parameters())
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
bs, size = a["batch"], a["size"]
x = torch.rand(bs, 3, size, size)
y = torch.randint(0, 2, (bs,))
def step():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()
def timed_step():
    t0 = time.perf_counter()
    step()
    return time.perf_counter() - t0
warmup = [timed_step() for _ in range(a["warmup"])]
c0 = time.process_time()
steps = [timed_step() for _ in range(a["steps"])]
cpu = time.process_time() - c0
sec = sum(steps)
print(json.dumps({"params": params, "threads": a["threads"], "warmupStepSeconds": warmup, "stepSeconds": steps,
                  "seconds": sec, "cpuSeconds": cpu, "samplesPerSecond": a["steps"] * bs / sec}))
