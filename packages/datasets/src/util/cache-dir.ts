import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder downloaded data sets are cached in: `$BENCH_DATA_DIR` when set, else
 * `~/.cache/bench/datasets`. Every downloader takes a `cacheDir` option that overrides it.
 */
export function defaultCacheDir(): string {
  return process.env.BENCH_DATA_DIR || join(homedir(), '.cache', 'bench', 'datasets');
}
