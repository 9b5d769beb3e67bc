import { PassThrough } from 'node:stream';
import type { SweepCell } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { createSweepProgress, progressEnabled } from './progress';

const cell: SweepCell = {
  id: 'e/b/bs8/r0',
  cellId: 'e/b/bs8/r0',
  experiment: 'e',
  backend: 'b',
  batchSize: 8,
  epochs: 2,
  repeat: 0,
  options: {},
};

describe('progress', () => {
  it('is enabled only on a TTY without --json', () => {
    expect(progressEnabled(false, { isTTY: true })).toBe(true);
    expect(progressEnabled(true, { isTTY: true })).toBe(false);
    expect(progressEnabled(undefined, { isTTY: false })).toBe(false);
  });

  it('draws sweep and epoch bars on a TTY stream from sweep events', () => {
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 120,
      cursorTo: () => true,
      moveCursor: () => true,
      clearLine: () => true,
      clearScreenDown: () => true,
    });
    let text = '';
    stream.on('data', (d) => {
      text += String(d);
    });
    const p = createSweepProgress(2, true, stream as unknown as NodeJS.WriteStream);
    p.onEvent({ type: 'cell-skipped', cell, index: 0, total: 2, reason: 'done' });
    p.onEvent({ type: 'cell-start', cell, index: 1, total: 2, pid: 1 });
    p.onEvent({ type: 'epoch', cell, epoch: 1, epochs: 2 });
    p.onEvent({
      type: 'cell-end',
      cell,
      index: 1,
      total: 2,
      status: 'oom',
      reason: 'x',
      run: {} as never,
      seconds: 1,
    });
    p.stop();
    expect(text).toMatch(/cells .*2\/2/);
    expect(text).toMatch(/1 not ok/);
  });

  it('is a silent no-op when disabled', () => {
    const p = createSweepProgress(1, false);
    expect(p.enabled).toBe(false);
    p.onEvent({ type: 'cell-start', cell, index: 0, total: 1, pid: 1 });
    p.stop();
  });
});
