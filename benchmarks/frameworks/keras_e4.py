"""E4 in Keras on TensorFlow, the seed's model and training setup (EXPERIMENTS.md, E4): 4 x [Conv
3x3 same + ReLU, MaxPool 2x2/2 same], Flatten, Dense 256 ReLU, Dropout 0.2, Dense 512 ReLU,
Dropout 0.2, Dense 10 softmax (787,530 params); Adam lr 0.001, categorical cross-entropy,
metric accuracy, batch 250, model.fit. On random CIFAR-shaped data (pixels in [0, 1), one-hot
labels), so only speed is compared. Prints one JSON line: samples/s over the timed batches
(one fit call over `steps` batches after a warm-up fit of `warmup` batches), versions, threads."""
import json, os, sys, time

a = json.loads(sys.argv[1])
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

if a.get("threads"):
    tf.config.threading.set_intra_op_parallelism_threads(a["threads"])
    tf.config.threading.set_inter_op_parallelism_threads(a["threads"])
tf.keras.utils.set_random_seed(0)

model = keras.Sequential([keras.Input(shape=(32, 32, 3))])
for f in (32, 64, 128, 256):
    model.add(layers.Conv2D(f, 3, padding="same", activation="relu"))
    model.add(layers.MaxPooling2D(2, strides=2, padding="same"))
model.add(layers.Flatten())
model.add(layers.Dense(256, activation="relu"))
model.add(layers.Dropout(0.2))
model.add(layers.Dense(512, activation="relu"))
model.add(layers.Dropout(0.2))
model.add(layers.Dense(10, activation="softmax"))
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="categorical_crossentropy", metrics=["accuracy"])

bs, steps, warmup = a["batch"], a["steps"], a["warmup"]
rng = np.random.default_rng(1)
x = rng.random((steps * bs, 32, 32, 3), dtype=np.float32)
y = keras.utils.to_categorical(rng.integers(0, 10, steps * bs), 10)
model.fit(x[: warmup * bs], y[: warmup * bs], batch_size=bs, epochs=1, verbose=0, shuffle=False)
t0 = time.perf_counter()
c0 = time.process_time()
model.fit(x, y, batch_size=bs, epochs=1, verbose=0, shuffle=False)
sec = time.perf_counter() - t0
cpu = time.process_time() - c0
print(json.dumps({
    "params": model.count_params(),
    "seconds": sec,
    "cpuSeconds": cpu,
    "samplesPerSecond": steps * bs / sec,
    "info": {
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "intraOpThreads": tf.config.threading.get_intra_op_parallelism_threads(),
        "interOpThreads": tf.config.threading.get_inter_op_parallelism_threads(),
        "oneDNN": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "default (on for x86 builds)"),
        "builtWith": {k: v for k, v in tf.sysconfig.get_build_info().items() if k in ("cpu_compiler", "is_cuda_build")},
    },
}))
