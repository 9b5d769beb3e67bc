/**
 * The raw facts every GPU result is filed with: date, machine, GPU (name, driver, CUDA version,
 * memory), PyTorch and its CUDA/cuDNN, Node, the payload's versions, and the library set-up the
 * runner chose (LD_LIBRARY_PATH, VK_DRIVER_FILES, the WebGPU adapter Dawn found).
 *
 *   node facts.mjs OUT.json [payload-dir] [webgpu-adapter.json]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';

const [outFile, payloadDir, adapterFile] = process.argv.slice(2);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
};
const readJson = (p) => {
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return undefined;
  }
};

const fields = [
  'name',
  'driver_version',
  'memory.total',
  'compute_cap',
  'pci.bus_id',
  'clocks.max.sm',
  'power.limit',
];
const smi = run('nvidia-smi', [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader']);
const gpus = smi
  ? smi.split('\n').map((line) => Object.fromEntries(line.split(',').map((v, i) => [fields[i], v.trim()])))
  : [];
const cudaVersion = /CUDA Version:\s*([\d.]+)/.exec(run('nvidia-smi', []) ?? '')?.[1];
const py = process.env.BENCH_GPU_PYTHON ?? 'python3';
const torchJson = run(py, [
  '-c',
  'import json, sys, torch; c = torch.cuda.is_available(); print(json.dumps({"python": sys.version.split()[0], "executable": sys.executable, "torch": torch.__version__, "cuda": torch.version.cuda, "cudnn": torch.backends.cudnn.version(), "cudaAvailable": c, "device": torch.cuda.get_device_name(0) if c else None, "threads": torch.get_num_threads()}))',
]);
let os;
try {
  os = /PRETTY_NAME="?([^"\n]*)/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
} catch {}

const facts = {
  schema: 'bench.gpu-device-facts.v1',
  date: new Date().toISOString(),
  hostname: hostname(),
  os,
  kernel: release(),
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadAverage: loadavg(),
  gpus,
  nvidiaSmi: smi ? { cudaVersion } : 'nvidia-smi not found or failed: no NVIDIA GPU here',
  torch: torchJson ? JSON.parse(torchJson) : `no PyTorch under ${py}`,
  node: process.version,
  payload: payloadDir ? readJson(join(payloadDir, 'PAYLOAD.json')) : undefined,
  webgpuAdapter:
    adapterFile && existsSync(adapterFile) ? readFileSync(adapterFile, 'utf8').trim() : undefined,
  env: Object.fromEntries(
    [
      'LD_LIBRARY_PATH',
      'VK_DRIVER_FILES',
      'VK_ICD_FILENAMES',
      '__EGL_VENDOR_LIBRARY_FILENAMES',
      'BENCH_GPU_PROFILE',
    ].map((k) => [k, process.env[k] ?? null]),
  ),
  vulkanLoaders: (() => {
    try {
      return execFileSync('ldconfig', ['-p'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => /libvulkan|libGLX|libEGL/.test(l))
        .map((l) => l.trim());
    } catch {
      return [];
    }
  })(),
};
writeFileSync(outFile, `${JSON.stringify(facts, null, 2)}\n`);
console.log(
  `facts: ${gpus.map((g) => `${g.name} (driver ${g.driver_version}, CUDA ${cudaVersion})`).join('; ') || 'no NVIDIA GPU'}; torch ${typeof facts.torch === 'object' ? `${facts.torch.torch} (CUDA ${facts.torch.cuda})` : 'absent'}; node ${process.version}`,
);
