#!/usr/bin/env node
/**
 * The packer: assembles what the GPU machine needs to run Bench (it has python3 + PyTorch + the
 * CUDA 13 libraries, but no Node and no registry) into benchmarks/gpu/.payload/ (ignored):
 *
 *   bench-gpu/node/bin/node         this machine's node, stripped (x86-64; the device has none)
 *   bench-gpu/app/node_modules/     the built @bench packages (package.json, dist, bin) and their
 *                                   runtime dependencies (npm ls --omit=dev), pruned: no types,
 *                                   maps, docs, other platforms' binaries (payload-lib.mjs)
 *     onnxruntime-node/bin/napi-v6/linux/x64/  + the CUDA provider libraries of
 *                                   com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (ORT 1.29.0, CUDA 13)
 *   bench-gpu/app/conformance.mjs   benchmarks/gpu/conformance.ts bundled with @bench/testkit's
 *                                   checks (its index imports vitest, which does not travel)
 *   bench-gpu/debs/                 the Vulkan loader and GL vendor-neutral dispatch .debs (amd64)
 *   bench-gpu/FILES.sha256          every file's sha256, checked after unpacking
 *
 * tar | xz, cut into chunks that each fit one device command beside the working tree, with
 * SHA256SUMS and manifest.json. Prints the device command sequence.
 *
 *   node benchmarks/gpu/pack.mjs [--level 6] [--max-chunk-mib 60] [--keep-stage]
 *
 * Run `npm run build` first. Downloads (npm pack, apt-get download) are cached in
 * benchmarks/gpu/.cache/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MiB,
  chunkBudget,
  deviceCommands,
  keepModuleFile,
  sha256File,
  sha256sumsText,
  splitFile,
} from './payload-lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const level = Number(flag('--level', '6'));
const maxChunkBytes = Number(flag('--max-chunk-mib', '60')) * MiB;
const outDir = join(here, '.payload');
const cacheDir = join(here, '.cache');
const stage = join(outDir, 'stage');
const root = join(stage, 'bench-gpu');
const app = join(root, 'app');

const PROVIDER_PACKAGE = 'com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9';
const PROVIDER_FILES = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];
const DEBS = ['libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'];
const PINNED = { 'onnxruntime-node': '1.29.0', webgpu: '0.3.10' };

function fail(message) {
  console.error(`pack: ${message}`);
  process.exit(1);
}

function sh(cmd, cmdArgs, options = {}) {
  return execFileSync(cmd, cmdArgs, { encoding: 'utf8', maxBuffer: 256 * MiB, ...options });
}

/** Copies a directory tree, keeping the files `keep(rel)` accepts (rel to `base`), skipping `skipDirs`. */
function copyTree(src, dest, keep, base = src, skipDirs = new Set()) {
  let bytes = 0;
  for (const name of readdirSync(src)) {
    const from = join(src, name);
    const st = lstatSync(from);
    if (st.isDirectory()) {
      if (skipDirs.has(name)) continue;
      bytes += copyTree(from, join(dest, name), keep, base, skipDirs);
    } else if (st.isFile() && keep(relative(base, from).replaceAll('\\', '/'))) {
      mkdirSync(dest, { recursive: true });
      copyFileSync(from, join(dest, name));
      chmodSync(join(dest, name), st.mode & 0o777);
      bytes += st.size;
    } else if (st.isSymbolicLink()) {
      // Package-internal links (rare): copy what they point to.
      const target = realpathSync(from);
      if (statSync(target).isFile() && keep(relative(base, from).replaceAll('\\', '/'))) {
        mkdirSync(dest, { recursive: true });
        copyFileSync(target, join(dest, name));
        bytes += statSync(target).size;
      }
    }
  }
  return bytes;
}

function dirBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    total += st.isDirectory() ? dirBytes(p) : st.size;
  }
  return total;
}

/** Every file under `dir`, relative, sorted. */
function listFiles(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (lstatSync(p).isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p));
  }
  return out;
}

// 1. Preconditions: built packages, pinned native versions.
const nm = join(repo, 'node_modules');
if (!existsSync(nm)) fail(`no ${nm}: run \`npm ci\` at the repository root first`);
for (const [name, version] of Object.entries(PINNED)) {
  const pj = join(nm, name, 'package.json');
  const v = existsSync(pj) ? JSON.parse(readFileSync(pj, 'utf8')).version : undefined;
  if (v !== version)
    fail(`${name}@${version} is required (the GPU routes in shared/GPU.md), found ${v ?? 'none'}`);
}
if (process.platform !== 'linux' || process.arch !== 'x64')
  fail(`the device is linux-x64; pack on a linux-x64 machine (this is ${process.platform}-${process.arch})`);

// 2. The runtime closure of the CLI, as npm resolves it: packages under node_modules/ (workspace
// packages appear there as links) and under a workspace package's own node_modules/ (a version
// that differs from the hoisted one, e.g. packages/cli/node_modules/commander).
const workspaceDirs = new Map(
  readdirSync(join(nm, '@bench')).map((d) => [realpathSync(join(nm, '@bench', d)), `@bench/${d}`]),
);
/** Where an installed package goes under the payload's node_modules, or undefined (the root). */
function destOf(abs) {
  if (abs.startsWith(`${nm}/`)) return relative(nm, abs);
  for (const [dir, name] of workspaceDirs) {
    if (abs.startsWith(`${dir}/node_modules/`))
      return `${name}/node_modules/${relative(join(dir, 'node_modules'), abs)}`;
  }
  return undefined;
}
// The CLI's adapters and sharp are optional peers (not in its production tree): name the
// adapters the runner uses, and add sharp (E2's generated image folder) with what it needs.
const RUNTIME_WORKSPACES = [
  '@bench/cli',
  '@bench/adapter-onnxruntime',
  '@bench/adapter-tfjs',
  '@bench/adapter-gpujs',
];
const closureLines = sh(
  'npm',
  ['ls', '--omit=dev', '--all', '--parseable', ...RUNTIME_WORKSPACES.flatMap((w) => ['-w', w])],
  { cwd: repo },
)
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
/** An installed package and, recursively, its installed dependencies (root node_modules). */
function installedClosure(name, seen = new Set()) {
  const dir = join(repo, 'node_modules', name);
  if (seen.has(dir) || !existsSync(join(dir, 'package.json'))) return seen;
  seen.add(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
    installedClosure(dep, seen);
  return seen;
}
for (const dir of installedClosure('sharp')) if (!closureLines.includes(dir)) closureLines.push(dir);
const closure = [];
for (const abs of closureLines) {
  const dest = destOf(abs);
  if (dest) closure.push({ abs, dest });
  else if (abs !== repo)
    fail(`npm ls listed ${abs}, outside node_modules and the workspace packages: extend destOf()`);
}
const workspace = closure.filter((c) => /^@bench\/[^/]+$/.test(c.dest));
for (const c of workspace) {
  if (!existsSync(join(nm, c.dest, 'dist')))
    fail(
      `${c.dest} has no dist/: run \`npm run build\` (or npx turbo run build --filter=@bench/cli...) first`,
    );
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(app, { recursive: true });
const sizes = {};

// 3. Node, stripped of its debug info when `strip` exists (99 MB -> 86 MB raw).
const nodeBin = process.execPath;
mkdirSync(join(root, 'node', 'bin'), { recursive: true });
const stripped = spawnSync('strip', ['-o', join(root, 'node', 'bin', 'node'), nodeBin]);
if (stripped.status !== 0) copyFileSync(nodeBin, join(root, 'node', 'bin', 'node'));
chmodSync(join(root, 'node', 'bin', 'node'), 0o755);
sizes.node = statSync(join(root, 'node', 'bin', 'node')).size;

// 4. node_modules: workspace packages as real folders (package.json, dist, bin), the rest pruned.
let moduleBytes = 0;
for (const { abs, dest: p } of closure) {
  const src = realpathSync(abs);
  const dest = join(app, 'node_modules', p);
  if (/^@bench\/[^/]+$/.test(p)) {
    mkdirSync(dest, { recursive: true });
    copyFileSync(join(src, 'package.json'), join(dest, 'package.json'));
    for (const sub of ['dist', 'bin']) {
      if (existsSync(join(src, sub)))
        moduleBytes += copyTree(join(src, sub), join(dest, sub), (rel) => !rel.endsWith('.map'));
    }
    continue;
  }
  // Nested node_modules are closure entries of their own: copy each package without them.
  moduleBytes += copyTree(src, dest, (rel) => keepModuleFile(`${p}/${rel}`), src, new Set(['node_modules']));
}
sizes.nodeModules = moduleBytes;

// 5. The CUDA provider libraries beside libonnxruntime.so.1 (npm pack: the tarball, 179 MB, is cached).
mkdirSync(cacheDir, { recursive: true });
const tgz = join(cacheDir, 'com.github.asus4.onnxruntime.linux-x64-gpu-0.4.9.tgz');
if (!existsSync(tgz)) {
  console.log(`npm pack ${PROVIDER_PACKAGE} (179 MB) into ${cacheDir} ...`);
  sh('npm', ['pack', PROVIDER_PACKAGE, '--pack-destination', cacheDir], { cwd: cacheDir, stdio: 'inherit' });
}
const ortBin = join(app, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'linux', 'x64');
if (!existsSync(join(ortBin, 'libonnxruntime.so.1')))
  fail(`no linux-x64 libonnxruntime.so.1 copied to ${ortBin}`);
sh('tar', [
  '-xzf',
  tgz,
  '-C',
  ortBin,
  '--strip-components=4',
  ...PROVIDER_FILES.map((f) => `package/Plugins/Linux/x64/${f}`),
]);
sizes.cudaProvider = PROVIDER_FILES.reduce((s, f) => s + statSync(join(ortBin, f)).size, 0);

// 6. The Vulkan loader .debs (amd64), cached.
const debCache = join(cacheDir, 'debs');
mkdirSync(debCache, { recursive: true });
const missingDebs = DEBS.filter((d) => !readdirSync(debCache).some((f) => f.startsWith(`${d}_`)));
if (missingDebs.length) {
  console.log(`apt-get download ${missingDebs.join(' ')} (amd64) ...`);
  const r = spawnSync('apt-get', ['download', ...missingDebs.map((d) => `${d}:amd64`)], {
    cwd: debCache,
    stdio: 'inherit',
  });
  if (r.status !== 0) fail(`apt-get download ${missingDebs.join(' ')} failed; run it by hand in ${debCache}`);
}
mkdirSync(join(root, 'debs'));
for (const f of readdirSync(debCache).filter((f) => f.endsWith('.deb')))
  copyFileSync(join(debCache, f), join(root, 'debs', f));
sizes.debs = dirBytes(join(root, 'debs'));

// 7. The conformance script with testkit's checks bundled in (packages stay external, in node_modules).
const esbuild = await import('esbuild');
await esbuild.build({
  entryPoints: [join(here, 'conformance.ts')],
  outfile: join(app, 'conformance.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
writeFileSync(join(app, 'package.json'), '{ "private": true, "type": "module" }\n');

// 8. What is in it: versions, sources, every file's checksum.
const commit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).stdout.trim();
const info = {
  schema: 'bench.gpu-payload.v1',
  date: new Date().toISOString(),
  commit,
  node: process.version,
  onnxruntimeNode: PINNED['onnxruntime-node'],
  webgpu: PINNED.webgpu,
  cudaProvider: PROVIDER_PACKAGE,
  debs: readdirSync(join(root, 'debs')).sort(),
  rawBytes: sizes,
};
writeFileSync(join(root, 'PAYLOAD.json'), `${JSON.stringify(info, null, 2)}\n`);
const files = listFiles(root);
const sums = [];
for (const f of files) sums.push({ name: f, sha256: await sha256File(join(root, f)) });
writeFileSync(join(root, 'FILES.sha256'), sha256sumsText(sums));
const rawBytes = dirBytes(root);

// 9. tar | xz (multi-threaded, so xz can also decompress it in parallel there), then the chunks.
const whole = join(outDir, 'payload.tar.xz');
console.log(`compressing ${(rawBytes / MiB).toFixed(1)} MiB (${files.length} files) with xz -${level} ...`);
const t0 = Date.now();
const xz = spawnSync(
  'bash',
  [
    '-c',
    'set -o pipefail; tar -C "$1" -cf - bench-gpu | xz -T0 -"$2" -c > "$3"',
    'pack',
    stage,
    String(level),
    whole,
  ],
  { stdio: 'inherit' },
);
if (xz.status !== 0) fail('tar | xz failed');
const wholeBytes = statSync(whole).size;
const wholeSha = await sha256File(whole);

// The tree that travels with every command: tracked and untracked-not-ignored files.
const treeList = sh('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repo })
  .split('\0')
  .filter(Boolean);
const treeBytes = treeList.reduce(
  (s, f) => s + (existsSync(join(repo, f)) ? lstatSync(join(repo, f)).size : 0),
  0,
);
// SHA256SUMS + manifest.json travel with every chunk: a few KiB, counted generously.
const chunkBytes = chunkBudget({ treeBytes, sideFilesBytes: 64 * 1024, maxChunkBytes });
const chunks = await splitFile(whole, outDir, chunkBytes);
rmSync(whole);
const commands = deviceCommands({ chunks });
const manifest = {
  ...info,
  payload: {
    name: 'payload.tar.xz',
    bytes: wholeBytes,
    sha256: wholeSha,
    rawBytes,
    files: files.length,
    xzLevel: level,
  },
  treeBytes,
  chunkBytes,
  chunks,
  commands,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  join(outDir, 'SHA256SUMS'),
  sha256sumsText([...chunks, { name: 'payload.tar.xz', sha256: wholeSha }]),
);
if (!args.includes('--keep-stage')) rmSync(stage, { recursive: true, force: true });

const mib = (b) => `${(b / MiB).toFixed(1)} MiB`;
console.log(
  `\npayload ${mib(rawBytes)} raw -> ${mib(wholeBytes)} xz in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
for (const [k, v] of Object.entries(sizes)) console.log(`  ${k.padEnd(12)} ${mib(v)} raw`);
console.log(`working tree that travels with each command: ${mib(treeBytes)}; chunk size ${mib(chunkBytes)}`);
for (const c of chunks) console.log(`  ${c.name}  ${mib(c.size)}  ${c.sha256}`);
console.log(`\n${commands.length} device commands, back to back (the machine goes back after 30 s idle):`);
for (const c of commands) console.log(JSON.stringify(c));
