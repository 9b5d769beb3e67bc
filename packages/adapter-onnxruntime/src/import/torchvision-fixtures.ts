/**
 * Test fixtures made by PyTorch at test time: `scripts/export-torchvision.py` run with Debian's
 * python3-torch / python3-torchvision, cached in the OS temp folder by the script's content hash.
 * Returns null, with the reason, where torch is not installed (tests then skip and print it).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the generated files are, or why there are none. */
export type TorchFixtures = { dir: string } | { dir: null; reason: string };

const PYTHON = '/usr/bin/python3';

/** Generates (once) and locates the tiny torchvision exports. */
export function torchvisionFixtures(): TorchFixtures {
  const script = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/export-torchvision.py');
  const hash = createHash('sha256').update(readFileSync(script)).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `bench-torchvision-${hash}`);
  if (existsSync(join(dir, 'mobilenetv2-tiny.json'))) return { dir };
  try {
    execFileSync(PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'pipe' });
  } catch {
    return {
      dir: null,
      reason: `PyTorch is not installed for ${PYTHON} (apt-get install -y python3-torch python3-torchvision)`,
    };
  }
  execFileSync(PYTHON, [script, dir], { stdio: 'pipe', timeout: 300_000 });
  return { dir };
}
