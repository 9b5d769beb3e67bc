#!/usr/bin/env node
// The packed-tarball test (CI runs it after `npm test`): installs Bench as a user would, from the
// tarballs `npm pack` makes, into fresh projects outside the monorepo, third-party packages from
// the registry (npm's cache reused: --prefer-offline). It runs exactly the README's "Use it in your
// project" blocks (read from README.md, the single source), and checks:
//   - every tarball has LICENSE, README.md and its entry points; publint --strict and
//     `attw --pack` (arethetypeswrong) find no problem in any package;
//   - a TypeScript consumer (the README scripts as ESM .mts and CommonJS .cts, and @bench/core's
//     README example) type-checks with `tsc --init`'s defaults and with `--module nodenext
//     --strict`, on TypeScript 5.9 and the newest 7.x;
//   - the README's ESM and CommonJS scripts train E3 on onnxruntime-cpu;
//   - a project with only @bench/cli and @bench/adapter-onnxruntime: `bench doctor` lists the other
//     adapters with their install command, a two-cell `bench run e3` works, a backend of a missing
//     adapter names its package, and node_modules stays under 350 MB.
//
//   node scripts/pack-test.mjs [--keep] [--no-build]
// Ends with `pack-test: N checks passed, N failed (S s)`; exit code 1 when a check failed.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = new Set(process.argv.slice(2));
const started = Date.now();
const MAX_CLI_INSTALL_MB = 350;
// The linters and compilers, from the registry at run time (not root devDependencies: the
// TypeScript 7 package brings twenty platform packages the lock file would have to list).
const TOOLS = {
  ts5: 'npm:typescript@~5.9.3',
  ts7: 'npm:typescript@^7.0.0',
  publint: '^0.3.25',
  '@arethetypeswrong/cli': '^0.18.5',
};
// NO_COLOR: the checks read the commands' text (CI=true alone turns picocolors' colours on).
const env = {
  ...process.env,
  ONNXRUNTIME_NODE_INSTALL: 'skip',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
};
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

let passed = 0;
let failed = 0;
const failures = [];

function log(line) {
  process.stdout.write(`${line}\n`);
}

/** Runs a command; returns { status, out } with stdout and stderr together. */
function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, {
    cwd: opts.cwd ?? root,
    env: opts.env ?? env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: (opts.timeoutS ?? 600) * 1000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  return { status: r.status ?? 1, out };
}

/** `run` without blocking, so independent commands overlap. */
function runAsync(cmd, cmdArgs, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: opts.cwd ?? root, env: opts.env ?? env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', (error) => resolve({ status: 1, out: `${out}\n${error.message}` }));
    child.on('close', (code) => resolve({ status: code ?? 1, out }));
  });
}

/** Runs async tasks, at most `limit` at once; results in task order. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Records one check: `ok` decides; on failure the detail (a command's output tail) is printed. */
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    log(`  ok   ${name}`);
  } else {
    failed += 1;
    failures.push(name);
    log(`  FAIL ${name}`);
    if (detail)
      log(
        detail
          .trim()
          .split('\n')
          .slice(-40)
          .map((l) => `       ${l}`)
          .join('\n'),
      );
  }
}

/** Runs a command as one check; returns its output. */
function step(name, cmd, cmdArgs, opts = {}) {
  const t = Date.now();
  const r = run(cmd, cmdArgs, opts);
  const ok = r.status === 0 && (opts.expect ? opts.expect(r.out) : true);
  check(`${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`, ok, r.out);
  return r;
}

function section(title) {
  log(`\n== ${title}`);
}

// ---- The README blocks (single source for the docs and this test) ----
const readme = readFileSync(join(root, 'README.md'), 'utf8');
function readmeBlock(marker) {
  const name = marker.replace(/[.]/g, '\\.');
  const m = readme.match(
    new RegExp(`<!-- pack-test:${name}(?:\\s[^>]*)?-->\\s*\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``),
  );
  if (!m) throw new Error(`README.md has no block marked <!-- pack-test:${marker} -->`);
  return m[1];
}

// ---- Build and pack ----
const work = mkdtempSync(join(tmpdir(), 'bench-pack-test-'));
log(`pack-test in ${work}`);
if (!args.has('--no-build')) {
  section('build');
  step('turbo build', 'npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { timeoutS: 1200 });
}

section('pack');
const tarDir = join(work, 'tarballs');
mkdirSync(tarDir);
const packageDirs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')));
const manifests = new Map(); // name -> { dir, pkg, tarball }
const packed = step('npm pack every package', 'npm', [
  'pack',
  ...packageDirs.flatMap((d) => ['--workspace', relative(root, d)]),
  '--pack-destination',
  tarDir,
  '--json',
  '--loglevel=error',
]);
const packInfo = JSON.parse(packed.out.slice(packed.out.indexOf('[')));
for (const info of packInfo) {
  const dir = packageDirs.find(
    (d) => JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name === info.name,
  );
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  manifests.set(info.name, {
    dir,
    pkg,
    tarball: join(tarDir, info.filename),
    files: info.files.map((f) => f.path),
  });
}
for (const [name, { pkg, files }] of manifests) {
  const entryFiles = [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin ?? {})]
    .filter(Boolean)
    .map((f) => f.replace(/^\.\//, ''));
  const needed = ['LICENSE', 'README.md', 'package.json', ...entryFiles];
  if (name === '@bench/report') needed.push('vendor/vega-bundle.min.js');
  const lacking = needed.filter((f) => !files.includes(f));
  check(`${name} tarball has ${needed.join(', ')}`, lacking.length === 0, `missing: ${lacking.join(', ')}`);
}

/** A fresh project; `direct` are installed by the caller, every other @bench package comes from its tarball. */
function makeProject(dirName, direct) {
  const dir = join(work, dirName);
  mkdirSync(dir);
  const overrides = Object.fromEntries(
    [...manifests].filter(([name]) => !direct.includes(name)).map(([name, m]) => [name, `file:${m.tarball}`]),
  );
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: dirName, version: '0.0.0', private: true, overrides }, null, 2)}\n`,
  );
  return dir;
}

/** Runs a README shell block line by line; `npm i @bench/x` installs the tarball of @bench/x. */
function runShellBlock(block, cwd, label, expectByLine = {}) {
  const outputs = {};
  for (const line of block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))) {
    let cmd = line;
    if (/\bnpm (i|install)\b/.test(line)) {
      cmd = line.replace(/@bench\/[\w-]+/g, (name) => {
        const m = manifests.get(name);
        if (!m) throw new Error(`README installs ${name}, which is not a package of this repository`);
        return m.tarball;
      });
      cmd += ` ${NPM_FLAGS.join(' ')}`;
    }
    const expect = Object.entries(expectByLine).find(([prefix]) => line.startsWith(prefix))?.[1];
    outputs[line] = step(`${label}: ${line}`, 'bash', ['-c', cmd], { cwd, expect, timeoutS: 900 }).out;
  }
  return outputs;
}

// ---- Linters on every package ----
section('tools');
const tools = join(work, 'tools');
mkdirSync(tools);
writeFileSync(join(tools, 'package.json'), '{"name":"tools","private":true}\n');
step(
  'install linters and TypeScript 5.9 / 7.x',
  'npm',
  ['i', ...Object.entries(TOOLS).map(([n, v]) => `${n}@${v}`), ...NPM_FLAGS],
  { cwd: tools },
);
const bin = (name) => join(tools, 'node_modules', '.bin', name);
const tsc = {
  5.9: join(tools, 'node_modules', 'ts5', 'bin', 'tsc'),
  '7.x': join(tools, 'node_modules', 'ts7', 'bin', 'tsc'),
};
for (const [label, path] of Object.entries(tsc))
  log(`  TypeScript ${label}: ${run('node', [path, '--version']).out.trim()}`);

section('publint --strict and attw --pack');
// A few packages at a time (each package's two linters in turn: both run `npm pack` in its folder).
const lintTasks = [...manifests].map(([name, { dir, pkg }]) => async () => {
  const t = Date.now();
  const publint = await runAsync(bin('publint'), ['--strict', dir]);
  // The CLI is ESM only by design (a command, not a library): attw's esm-only profile ignores
  // what a require() of it would see.
  const profile = pkg.exports?.['.']?.require ? [] : ['--profile', 'esm-only'];
  const attw = await runAsync(bin('attw'), ['--pack', dir, '--format', 'ascii', ...profile]);
  return { name, publint, attw, seconds: ((Date.now() - t) / 1000).toFixed(1) };
});
for (const { name, publint, attw, seconds } of await pool(lintTasks, 3)) {
  check(
    `publint --strict ${name}`,
    publint.status === 0 && !/\b(Errors|Warnings):/.test(publint.out),
    publint.out,
  );
  check(`attw --pack ${name} (both linters ${seconds} s)`, attw.status === 0, attw.out);
}

// ---- Library consumer: the README's install and scripts ----
section('library consumer (README: install, train.mjs, train.cjs)');
const libInstall = readmeBlock('lib-install');
const directLib = [...new Set(libInstall.match(/@bench\/[\w-]+/g) ?? [])];
const lib = makeProject('lib', directLib);
runShellBlock(libInstall, lib, 'lib');
const trainMjs = readmeBlock('train.mjs');
const trainCjs = readmeBlock('train.cjs');
writeFileSync(join(lib, 'train.mjs'), trainMjs);
writeFileSync(join(lib, 'train.cjs'), trainCjs);
const trained = (out) => {
  const m = out.match(/final train loss (\S+)/);
  return Boolean(m) && Number.isFinite(Number(m[1]));
};
step('node train.mjs (ESM, E3 on onnxruntime-cpu)', 'node', ['train.mjs'], { cwd: lib, expect: trained });
step('node train.cjs (CommonJS, E3 on onnxruntime-cpu)', 'node', ['train.cjs'], {
  cwd: lib,
  expect: trained,
});

// @bench/core's README example, type-checked too (it is TypeScript with top-level await).
const coreReadme = readFileSync(join(root, 'packages', 'core', 'README.md'), 'utf8');
const coreExample = coreReadme.match(/```ts\n([\s\S]*?)```/)?.[1];
check('packages/core/README.md has a ```ts example', Boolean(coreExample));

// The same scripts as TypeScript: train.mts verbatim; train.cts with each
// `const { a } = require('x')` written as TypeScript's `import x = require('x')`.
const trainMts = trainMjs;
let n = 0;
const trainCts = trainCjs.replace(/const (\{[^}]*\}) = require\(('[^']+')\);/g, (_all, names, spec) => {
  n += 1;
  return `import pkg${n} = require(${spec});\nconst ${names} = pkg${n};`;
});
// skipLibCheck is off in the second mode, so every declaration file the consumer loads is checked.
for (const [label, path] of Object.entries(tsc)) {
  for (const mode of ['init', 'strict']) {
    const dir = join(lib, `ts-${label}-${mode}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'train.mts'), trainMts);
    writeFileSync(join(dir, 'train.cts'), trainCts);
    writeFileSync(join(dir, 'core-readme.mts'), coreExample ?? '');
    if (mode === 'init') {
      run('node', [path, '--init'], { cwd: dir });
      step(`tsc ${label}, tsc --init defaults`, 'node', [path, '-p', '.', '--noEmit'], { cwd: dir });
    } else {
      const flags = [
        '--noEmit',
        '--module',
        'nodenext',
        '--strict',
        'train.mts',
        'train.cts',
        'core-readme.mts',
      ];
      step(`tsc ${label}, ${flags.slice(1, 4).join(' ')}`, 'node', [path, ...flags], { cwd: dir });
    }
  }
}

// ---- Every package's declarations, ESM and CommonJS, on TypeScript 7 (no @types loaded) ----
// Resolved through the workspace links (the same package.json exports and dist files as the
// tarballs), from a folder inside the repository so every package's dependencies are there.
// @bench/adapter-tfjs exposes @tensorflow/tfjs-core's types (its engine API, which the tfjs-node
// and tfjs-cuda adapters build on); tfjs-core's own declarations need a global `Long` and clash
// with TypeScript 7's WebGPU lib types. Those third-party errors are counted, not failed on;
// an error in a Bench declaration fails.
section('every package: declarations (TypeScript 7, --strict, no skipLibCheck), and each build loads');
const typesDir = join(root, 'node_modules', '.cache', 'bench-pack-test-types');
rmSync(typesDir, { recursive: true, force: true });
mkdirSync(typesDir, { recursive: true });
const names = [...manifests.keys()];
const dual = names.filter((name) => manifests.get(name).pkg.exports?.['.']?.require);
writeFileSync(
  join(typesDir, 'all.mts'),
  `${names.map((name, i) => `import * as p${i} from '${name}';`).join('\n')}\nexport const all = [${names.map((_, i) => `p${i}`).join(', ')}];\n`,
);
writeFileSync(
  join(typesDir, 'all.cts'),
  `${dual.map((name, i) => `import p${i} = require('${name}');`).join('\n')}\nexport const all = [${dual.map((_, i) => `p${i}`).join(', ')}];\n`,
);
const allTypes = run(
  'node',
  [tsc['7.x'], '--noEmit', '--module', 'nodenext', '--strict', 'all.mts', 'all.cts'],
  { cwd: typesDir },
);
const errorLines = allTypes.out.split('\n').filter((l) => /error TS\d+/.test(l));
// Paths are relative to typesDir (inside node_modules): `../../@webgpu/types/...`.
const thirdParty = (l) => /^(\.\.\/)*(node_modules\/)?(@tensorflow|@webgpu)\/|lib\.dom\.d\.ts/.test(l);
const ours = errorLines.filter((l) => !thirdParty(l));
check(
  `${names.length} packages' declarations (${dual.length} also via require): no error in Bench's (${errorLines.length - ours.length} third-party: tfjs-core's, @webgpu/types' against lib.dom)`,
  ours.length === 0 && (allTypes.status === 0 || errorLines.length > 0),
  ours.join('\n') || allTypes.out,
);
// Each build loads: require() for the dual packages, import() for all. (@bench/testkit is left
// out: it calls vitest's describe/it at import, which works only inside a vitest run.)
for (const name of names.filter((n) => n !== '@bench/testkit')) {
  const loads = [`await import('${name}');`];
  if (dual.includes(name)) loads.push(`createRequire(import.meta.url)('${name}');`);
  const script = `import { createRequire } from 'node:module';\n${loads.join('\n')}\n`;
  writeFileSync(join(typesDir, 'load.mjs'), script);
  step(
    `${name} loads with ${dual.includes(name) ? 'import() and require()' : 'import()'}`,
    'node',
    ['load.mjs'],
    { cwd: typesDir },
  );
}
rmSync(typesDir, { recursive: true, force: true });

// ---- CLI with one adapter ----
section('CLI with one adapter (README: npm i @bench/cli @bench/adapter-onnxruntime)');
const cliBlock = readmeBlock('cli');
const installLine = cliBlock.split('\n').find((l) => /\bnpm (i|install)\b/.test(l)) ?? '';
const directCli = [...new Set(installLine.match(/@bench\/[\w-]+/g) ?? [])];
const cli = makeProject('cli', directCli);
const notInstalled = [...manifests.keys()].filter(
  (n) => n.startsWith('@bench/adapter-') && !directCli.includes(n),
);
runShellBlock(cliBlock, cli, 'cli', {
  'npx bench doctor': (out) =>
    out.split('\n').some((l) => l.includes('onnxruntime-cpu') && /\byes\b/.test(l)) &&
    notInstalled.every((n) => out.includes(`npm i ${n}`)),
  'npx bench run': (out) => out.includes('reference') && out.includes('onnxruntime-cpu'),
});
const reportFile = join(cli, 'report.html');
const reportHtml = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
check(
  'bench report wrote a self-contained report.html (the vendored chart runtime inlined, both backends)',
  reportHtml.length > 500_000 &&
    reportHtml.includes('onnxruntime-cpu') &&
    !/<script[^>]+src=/.test(reportHtml),
  `report.html: ${reportHtml.length} characters`,
);
const missing = run(
  'npx',
  ['bench', 'run', 'e3', '--backend', 'tfjs-cpu', '--layers', '2', '--epochs', '1'],
  { cwd: cli },
);
check(
  'a backend of a missing adapter names its package (bench run e3 --backend tfjs-cpu)',
  missing.status !== 0 && missing.out.includes('npm i @bench/adapter-tfjs'),
  missing.out,
);
const du = run('du', ['-sb', join(cli, 'node_modules')]);
const mb = Number(du.out.split(/\s/)[0]) / 1e6;
check(
  `npm i @bench/cli @bench/adapter-onnxruntime: node_modules ${mb.toFixed(0)} MB < ${MAX_CLI_INSTALL_MB} MB`,
  mb < MAX_CLI_INSTALL_MB,
  du.out,
);
const top = run('bash', ['-c', 'du -sm node_modules/* node_modules/@*/* 2>/dev/null | sort -n | tail -6'], {
  cwd: cli,
});
log(
  top.out
    .trim()
    .split('\n')
    .map((l) => `       ${l}`)
    .join('\n'),
);

// sharp installed without its platform binary (as where no prebuilt binary exists): only the
// commands that use it fail, with its error and the fix; doctor, which loaded sharp at start-up
// before, still runs.
section('sharp that cannot load');
step(
  'npm i sharp --omit=optional (no binary for this platform)',
  'npm',
  ['i', 'sharp@^0.34', '--omit=optional', ...NPM_FLAGS],
  { cwd: cli },
);
step('npx bench doctor still runs', 'npx', ['bench', 'doctor'], {
  cwd: cli,
  expect: (out) => /\bsharp\b.*\b0\.34\.\d+/.test(out),
});
const e1 = run('npx', ['bench', 'run', 'e1', '--backend', 'reference', '--epochs', '1'], { cwd: cli });
check(
  'bench run e1 says sharp is installed but failed to load, and how to fix it',
  e1.status !== 0 &&
    e1.out.includes('the optional package "sharp"') &&
    e1.out.includes('failed to load') &&
    e1.out.includes('npm i sharp'),
  e1.out,
);

// ---- Summary ----
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (failed === 0 && !args.has('--keep')) rmSync(work, { recursive: true, force: true });
else log(`\nkept ${work}`);
if (failures.length) log(`\nfailed: ${failures.join('; ')}`);
log(`pack-test: ${passed} checks passed, ${failed} failed (${seconds} s)`);
process.exitCode = failed ? 1 : 0;
