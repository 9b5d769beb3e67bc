/**
 * Reads `bench doctor --json` output for the runner.
 *
 *   node doctor-select.mjs doctor.json gpu        names of the available GPU backends, one a line
 *   node doctor-select.mjs doctor.json why NAME   exit 0 when NAME is available, else print why
 *
 * Software emulation (Mesa lavapipe behind WebGPU) is no GPU: left out unless
 * BENCH_GPU_ALLOW_EMULATED=1, which the local end-to-end test sets to exercise the WebGPU path.
 */
import { readFileSync } from 'node:fs';

const [file, mode, name] = process.argv.slice(2);
const allowEmulated = process.env.BENCH_GPU_ALLOW_EMULATED === '1';
let doctor;
try {
  doctor = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  // On stdout for `why` (the runner records it as the skip reason), on stderr for `gpu` (a list).
  (mode === 'gpu' ? console.error : console.log)(
    `no usable \`bench doctor --json\` output in ${file} (${error.message}): see logs/doctor.log`,
  );
  process.exit(2);
}
const backends = doctor.backends ?? [];
const usable = (b) => b.available && (allowEmulated || !b.emulated);
if (mode === 'gpu') {
  for (const b of backends) if (b.deviceKind === 'gpu' && usable(b)) console.log(b.name);
} else if (mode === 'why') {
  const b = backends.find((x) => x.name === name);
  if (!b) {
    console.log(`${name} is not among doctor's backends`);
    process.exit(1);
  }
  if (usable(b)) process.exit(0);
  console.log(
    b.available
      ? `${name} runs on software emulation only (${b.device}); set BENCH_GPU_ALLOW_EMULATED=1 to run it anyway`
      : `${name} unavailable: ${b.reason ?? 'no reason given'}`,
  );
  process.exit(1);
} else {
  console.log('usage: doctor-select.mjs doctor.json gpu | why NAME');
  process.exit(2);
}
