"""PyTorch references for the GPU run, on CUDA and on the CPU, beside Bench's backends.

E3: the post's own loop (MLP with ReLU, cross-entropy, SGD lr 0.1, batch 100, no shuffle) on the
same disc data and initial weights as `bench run e3` (files from device/e3-data.mjs, the layout of
benchmarks/onnxruntime/torch_e3.py); one warm-up epoch, then the timed epochs. The devices run
alternately per depth, so a time box that cuts the run leaves matched pairs.

E4: the Keras CIFAR-10 CNN of the post (as benchmarks/onnxruntime/torch_e4.py), Adam 0.001,
batch 250, on random CIFAR-shaped data: samples per second over the timed steps.

    python3 torch_ref.py e3 --data DIR --depths 2,4,6 --epochs 100 --devices cuda,cpu --out F.jsonl
    python3 torch_ref.py e4 --steps 200 --cpu-steps 20 --devices cuda,cpu --out F.jsonl

Every result is one JSON line, printed and appended to --out as soon as it is measured.
Exit 3 when PyTorch is not installed.
"""
import argparse
import json
import os
import sys
import time

try:
    import numpy as np
    import torch
    from torch import nn
except ImportError as e:
    print(f"torch_ref.py: PyTorch is not installed under {sys.executable}: {e}", flush=True)
    sys.exit(3)


def emit(out, record):
    record = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "torch": torch.__version__, **record}
    line = json.dumps(record)
    print(line, flush=True)
    if out:
        with open(out, "a") as f:
            f.write(line + "\n")


def usable(device):
    if device == "cuda" and not torch.cuda.is_available():
        return "torch.cuda.is_available() is False (no CUDA device or driver)"
    return None


def sync(device):
    if device == "cuda":
        torch.cuda.synchronize()


def device_name(device):
    if device == "cuda":
        return torch.cuda.get_device_name(0)
    return f"cpu ({torch.get_num_threads()} threads)"


def e3(a):
    meta = json.load(open(os.path.join(a.data, "e3-meta.json")))
    n, bs, lr = meta["n"], meta["batch"], meta["lr"]
    labels = np.fromfile(os.path.join(a.data, "e3-labels.bin"), dtype=np.int32).astype(np.int64)
    for depth in [int(d) for d in a.depths.split(",")]:
        sizes = meta["depths"][str(depth)]
        data = np.fromfile(os.path.join(a.data, f"e3-{depth}.bin"), dtype=np.float32)
        for device in a.devices.split(","):
            why = usable(device)
            if why:
                emit(a.out, {"experiment": "e3", "device": device, "layers": depth, "skipped": why})
                continue
            torch.manual_seed(0)
            x = torch.from_numpy(data[: 2 * n].reshape(n, 2).copy()).to(device)
            y = torch.from_numpy(labels).to(device)
            layers, off = [], 2 * n
            for i in range(len(sizes) - 1):
                lin = nn.Linear(sizes[i], sizes[i + 1])
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
                    layers.append(nn.ReLU())
            model = nn.Sequential(*layers).to(device)
            params = sum(p.numel() for p in model.parameters())
            opt = torch.optim.SGD(model.parameters(), lr=lr)
            loss_fn = nn.CrossEntropyLoss()
            sync(device)
            t0, c0 = time.perf_counter(), time.process_time()
            first = 0.0
            for epoch in range(a.epochs + 1):
                if epoch == 1:  # epoch 0 is the warm-up (CUDA context, kernels), as on Bench's side
                    sync(device)
                    first = time.perf_counter() - t0
                    t0, c0 = time.perf_counter(), time.process_time()
                total = 0.0
                for i in range(0, n, bs):
                    opt.zero_grad()
                    loss = loss_fn(model(x[i : i + bs]), y[i : i + bs])
                    loss.backward()
                    opt.step()
                    total += loss.item()  # the post's loop reads the loss every step
            sync(device)
            sec, cpu = time.perf_counter() - t0, time.process_time() - c0
            with torch.no_grad():
                err = (model(x).argmax(1) != y).float().mean().item()
            emit(a.out, {
                "experiment": "e3", "backend": f"pytorch-{device}", "device": device_name(device), "layers": depth,
                "params": params, "epochs": a.epochs, "seconds": sec, "secondsPer100Epochs": sec * 100 / a.epochs,
                "cpuSeconds": cpu, "firstEpochSeconds": first, "lastEpochLoss": total / (n // bs), "trainError": err,
            })


def cifar_cnn():
    layers, c = [], 3
    for f in (32, 64, 128, 256):
        layers += [nn.Conv2d(c, f, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        c = f
    layers += [nn.Flatten(), nn.Linear(1024, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 512), nn.ReLU(),
               nn.Dropout(0.2), nn.Linear(512, 10)]
    return nn.Sequential(*layers)


def e4(a):
    for device in a.devices.split(","):
        why = usable(device)
        if why:
            emit(a.out, {"experiment": "e4", "device": device, "skipped": why})
            continue
        steps = a.steps if device == "cuda" else a.cpu_steps
        torch.manual_seed(0)
        model = cifar_cnn().to(device)
        params = sum(p.numel() for p in model.parameters())
        opt = torch.optim.Adam(model.parameters(), lr=0.001)
        loss_fn = nn.CrossEntropyLoss()
        # Fresh random batches from a pool, as a data loader would hand them over.
        pool = 8
        xs = torch.rand(pool, a.batch, 3, 32, 32, device=device)
        ys = torch.randint(0, 10, (pool, a.batch), device=device)

        def step(i):
            opt.zero_grad()
            loss = loss_fn(model(xs[i % pool]), ys[i % pool])
            loss.backward()
            opt.step()
            return loss.item()

        for i in range(a.warmup):
            step(i)
        sync(device)
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(steps):
            step(i)
        sync(device)
        sec, cpu = time.perf_counter() - t0, time.process_time() - c0
        emit(a.out, {
            "experiment": "e4", "backend": f"pytorch-{device}", "device": device_name(device), "params": params,
            "batch": a.batch, "steps": steps, "seconds": sec, "cpuSeconds": cpu,
            "samplesPerSecond": steps * a.batch / sec,
            "peakGpuMemoryBytes": torch.cuda.max_memory_allocated() if device == "cuda" else None,
        })


def main():
    p = argparse.ArgumentParser()
    p.add_argument("experiment", choices=["e3", "e4"])
    p.add_argument("--data", help="E3: folder written by device/e3-data.mjs")
    p.add_argument("--depths", default="2,4,6,8,10,12")
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--devices", default="cuda,cpu")
    p.add_argument("--steps", type=int, default=200, help="E4: timed steps on CUDA")
    p.add_argument("--cpu-steps", type=int, default=20, help="E4: timed steps on the CPU")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--batch", type=int, default=250)
    p.add_argument("--out", help="append JSON lines here")
    a = p.parse_args()
    if a.experiment == "e3" and not a.data:
        p.error("e3 needs --data (the folder device/e3-data.mjs wrote)")
    e3(a) if a.experiment == "e3" else e4(a)


if __name__ == "__main__":
    main()
