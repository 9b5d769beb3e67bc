import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared';

// The benchmarks' own tests: the GPU payload packer and runner logic, the E1 step summary (quick,
// no engine runs).
export default mergeConfig(
  shared,
  defineConfig({ test: { include: ['gpu/**/*.test.mjs', 'e1/**/*.test.ts'] } }),
);
