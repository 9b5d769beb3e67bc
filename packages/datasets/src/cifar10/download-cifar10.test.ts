import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError } from '@bench/core';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarBinaryFolder } from '../__fixtures__/cifar-fixtures';
import { downloadCifar10 } from './download-cifar10';
import { loadCifar10 } from './read-cifar-binary';

let root: string;
let server: Server;
let base: string;
const archives = new Map<string, Buffer>();
let good: Buffer;
let goodMd5: string;

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-cifar-dl-'));
  // A small archive in the official layout: cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin
  const src = join(root, 'src');
  await writeCifarBinaryFolder(join(src, 'cifar-10-batches-bin'), 4, 3);
  await tar.c({ gzip: true, file: join(root, 'good.tar.gz'), cwd: src, portable: true }, [
    'cifar-10-batches-bin',
  ]);
  good = await readFile(join(root, 'good.tar.gz'));
  goodMd5 = md5(good);
  archives.set('/good.tar.gz', good);
  // A malicious archive: the same files plus an entry "../evil" that climbs out of the target.
  const evilSrc = join(root, 'evil-src', 'inner');
  await mkdir(evilSrc, { recursive: true });
  await writeFile(join(root, 'evil-src', 'evil'), 'pwned');
  await writeCifarBinaryFolder(join(evilSrc, 'cifar-10-batches-bin'), 1, 1);
  await tar.c({ gzip: true, file: join(root, 'evil.tar.gz'), cwd: evilSrc, preservePaths: true }, [
    'cifar-10-batches-bin',
    '../evil',
  ]);
  archives.set('/evil.tar.gz', await readFile(join(root, 'evil.tar.gz')));

  server = createServer((req, res) => {
    if (req.url === '/stall.tar.gz') {
      // headers and a few bytes, then nothing: a hung connection
      res.writeHead(200, { 'content-length': good.length });
      res.write(good.subarray(0, 100));
      return;
    }
    const body = archives.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/gzip' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

describe('downloadCifar10', () => {
  it('gives up on a stalled download and removes the partial file', async () => {
    const cacheDir = join(root, 'cache-stall');
    const err = await downloadCifar10({
      cacheDir,
      url: `${base}/stall.tar.gz`,
      md5: goodMd5,
      stallTimeoutMs: 300,
      onProgress: () => {},
    }).catch((e) => e);
    expect(BenchError.isInstance(err)).toBe(true);
    expect(err.message).toContain('failed after 100 bytes (no data for 300 ms)');
    expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz.part'))).toBe(false);
  });

  it('downloads with progress, verifies the MD5, extracts and caches', async () => {
    const cacheDir = join(root, 'cache-ok');
    const events: { done: number; total: number }[] = [];
    const dir = await downloadCifar10({
      cacheDir,
      url: `${base}/good.tar.gz`,
      md5: goodMd5,
      onProgress: (e) => events.push(e),
    });
    expect(dir).toBe(join(cacheDir, 'cifar-10-batches-bin'));
    expect(events.at(-1)).toEqual({ done: good.length, total: good.length, item: `${base}/good.tar.gz` });
    expect(md5(await readFile(join(cacheDir, 'cifar-10-binary.tar.gz')))).toBe(goodMd5);
    const ds = await loadCifar10(dir);
    expect(ds.length).toBe(20);
    // cached: a second call does not touch the network (the URL would 404)
    expect(await downloadCifar10({ cacheDir, url: `${base}/gone.tar.gz`, md5: goodMd5 })).toBe(dir);
    // only the archive present (e.g. copied by hand): verified and extracted without the network
    await rm(dir, { recursive: true });
    expect(await downloadCifar10({ cacheDir, url: `${base}/gone.tar.gz`, md5: goodMd5 })).toBe(dir);
    expect((await loadCifar10(dir, { split: 'test' })).length).toBe(3);
  });

  it('rejects a checksum mismatch and deletes the download', async () => {
    const cacheDir = join(root, 'cache-md5');
    const err = await downloadCifar10({
      cacheDir,
      url: `${base}/good.tar.gz`,
      md5: '0'.repeat(32),
      onProgress: () => {},
    }).catch((e) => e);
    expect(BenchError.isInstance(err)).toBe(true);
    expect(err.message).toContain(`MD5 ${goodMd5}, expected ${'0'.repeat(32)}`);
    expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz'))).toBe(false);
    expect(existsSync(join(cacheDir, 'cifar-10-binary.tar.gz.part'))).toBe(false);
  });

  it('refuses an archive with an entry escaping the target, writing nothing outside', async () => {
    const cacheDir = join(root, 'cache-evil', 'inner');
    const evil = archives.get('/evil.tar.gz')!;
    const err = await downloadCifar10({
      cacheDir,
      url: `${base}/evil.tar.gz`,
      md5: md5(evil),
      onProgress: () => {},
    }).catch((e) => e);
    expect(BenchError.isInstance(err)).toBe(true);
    expect(err.message).toMatch(/refusing to extract .*"\.\.\/evil" \(path escapes the target folder\)/);
    expect(existsSync(join(root, 'cache-evil', 'evil'))).toBe(false);
    expect(existsSync(join(cacheDir, 'evil'))).toBe(false);
    expect(existsSync(join(cacheDir, 'cifar-10-batches-bin'))).toBe(false);
  });

  it('offline or HTTP errors say where to put the files', async () => {
    const cacheDir = join(root, 'cache-offline');
    // a port with no server: connection refused, as offline
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const err = await downloadCifar10({
      cacheDir,
      url: `http://127.0.0.1:${port}/x.tar.gz`,
      onProgress: () => {},
    }).catch((e) => e);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain(join(cacheDir, 'cifar-10-binary.tar.gz'));
    expect(err.message).toContain(join(cacheDir, 'cifar-10-batches-bin'));
    await expect(
      downloadCifar10({ cacheDir, url: `${base}/missing.tar.gz`, onProgress: () => {} }),
    ).rejects.toThrow(/HTTP 404/);
  });
});
