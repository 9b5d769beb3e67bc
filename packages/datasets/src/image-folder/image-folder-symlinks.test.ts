import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateShapesImageFolder } from './generate-shapes-image-folder';
import { loadImageFolder } from './load-image-folder';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-imglinks-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('symbolic links in an image folder', () => {
  it('follows a symlinked class folder instead of silently dropping the class', async () => {
    const src = join(root, 'src');
    await generateShapesImageFolder(src, { perClass: 3, size: 16, seed: 2 });
    const dir = join(root, 'linked');
    await mkdir(dir);
    await symlink(join(src, 'bird'), join(dir, 'bird'));
    await symlink(join(src, 'forest'), join(dir, 'forest'));
    const ds = await loadImageFolder(dir, { size: 8, onProgress: () => {} });
    expect(ds.classNames).toEqual(['bird', 'forest']);
    expect(ds.length).toBe(6);
  });
  it('rejects a broken class-folder link loudly, naming it', async () => {
    const dir = join(root, 'broken');
    await generateShapesImageFolder(dir, { perClass: 2, size: 16, seed: 3 });
    await symlink(join(root, 'nowhere'), join(dir, 'cat'));
    await expect(loadImageFolder(dir, { size: 8, onProgress: () => {} })).rejects.toThrow(
      /".*broken\/cat" is a symbolic link whose target cannot be read .*fix or remove the link/,
    );
  });
  it('lists a broken image link in skipped', async () => {
    const dir = join(root, 'broken-file');
    await generateShapesImageFolder(dir, { perClass: 2, size: 16, seed: 4 });
    await symlink(join(root, 'gone.jpg'), join(dir, 'bird', 'gone.jpg'));
    const ds = await loadImageFolder(dir, { size: 8, onProgress: () => {} });
    expect(ds.skipped).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^broken symbolic link/) }),
    ]);
  });
});
