#!/usr/bin/env node
/**
 * Peak RSS and samples/s of `bench run e4` on a CIFAR-10 binary folder, for two builds of the CLI
 * measured back to back in one sitting (e.g. before and after a change), alternating A, B, A, B...
 * Each run is `/usr/bin/time -v node <bin> run e4 --backend onnxruntime-cpu --data <dir> --epochs 1
 * --json`; peak RSS is time's "Maximum resident set size", samples/s the run record's. Writes a
 * JSON file with every run, the load average around each and the machine.
 *
 *   node benchmarks/scripts/e4-peak-rss.mjs --data /tmp/cifar50k --out results.json \
 *     --build before=/work/main/packages/cli/dist/bin.js --build after=packages/cli/dist/bin.js \
 *     [--rounds 1] [--extra "--limit 10000"]
 *
 * A build may carry node options after `::`, e.g. `--build "noarena=bin.js::--import ./patch.mjs"`,
 * and environment variables after a second `::`, e.g. `--build "old=bin.js::::BENCH_ORT_LOOP_MIB=64"`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

const args = process.argv.slice(2);
const get = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const builds = args
  .flatMap((a, i) => (a === '--build' ? [args[i + 1]] : []))
  .map((b) => {
    const eq = b.indexOf('=');
    const [bin, nodeArgs = '', env = ''] = b.slice(eq + 1).split('::');
    const vars = Object.fromEntries(
      env
        .split(' ')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    return { label: b.slice(0, eq), bin, nodeArgs: nodeArgs.split(' ').filter(Boolean), env: vars };
  });
const data = get('--data');
const out = get('--out');
const rounds = Number(get('--rounds') ?? 1);
const extra = (get('--extra') ?? '').split(' ').filter(Boolean);
if (!data || !out || builds.length === 0 || !(rounds >= 1)) {
  console.error(
    'usage: e4-peak-rss.mjs --data DIR --out FILE --build label=bin.js [--build ...] [--rounds N] [--extra "..."]',
  );
  process.exit(2);
}

const runs = [];
for (let round = 0; round < rounds; round++) {
  for (const { label, bin, nodeArgs, env } of builds) {
    const cmd = [
      'node',
      ...nodeArgs,
      bin,
      'run',
      'e4',
      '--backend',
      'onnxruntime-cpu',
      '--data',
      data,
      '--epochs',
      '1',
      ...extra,
      '--json',
    ];
    const loadBefore = loadavg();
    const t0 = Date.now();
    const r = spawnSync('/usr/bin/time', ['-v', ...cmd], {
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
      env: { ...process.env, ...env },
    });
    const loadAfter = loadavg();
    const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]);
    let run;
    try {
      run = JSON.parse(r.stdout).runs[0];
    } catch {
      console.error(`${label}: no JSON summary; stderr tail:\n${r.stderr.slice(-2000)}`);
    }
    const entry = {
      label,
      round,
      command: [...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...cmd].join(' '),
      exitCode: r.status,
      wallSeconds: (Date.now() - t0) / 1000,
      peakRssBytes: rssKb * 1024,
      peakRssMiB: Math.round(rssKb / 1024),
      peakRssMB: Math.round((rssKb * 1024) / 1e6),
      samplesPerSecond: run?.samplesPerSecond,
      status: run?.status,
      error: run?.error,
      warmupSeconds: run?.warmupSeconds,
      firstEpochSeconds: run?.firstEpochSeconds,
      trainSeconds: run?.trainSeconds,
      dataSeconds: run?.dataSeconds,
      finalErrorRate: run?.finalErrorRate,
      loadAverageBefore: loadBefore.map((x) => +x.toFixed(2)),
      loadAverageAfter: loadAfter.map((x) => +x.toFixed(2)),
    };
    runs.push(entry);
    console.log(JSON.stringify(entry));
  }
}
writeFileSync(
  out,
  `${JSON.stringify(
    {
      schema: 'bench.benchmark.e4-peak-rss.v1',
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      note: 'shared machine: other jobs ran alongside; compare builds within one file (alternated runs), not across files',
      runs,
    },
    null,
    2,
  )}\n`,
);
console.log(`written ${out}`);
