import { describe, expect, it } from 'vitest';
import { unsafeEntryReason } from './safe-extract';

describe('unsafeEntryReason', () => {
  const target = '/data/cache/.extract-1';
  it('accepts plain files and folders inside the target', () => {
    expect(unsafeEntryReason(target, 'cifar-10-batches-bin/', 'Directory')).toBeUndefined();
    expect(unsafeEntryReason(target, 'cifar-10-batches-bin/data_batch_1.bin', 'File')).toBeUndefined();
    expect(unsafeEntryReason(target, './a/b/../c.bin', 'File')).toBeUndefined();
  });
  it('refuses escapes, absolute paths, links and devices', () => {
    expect(unsafeEntryReason(target, '../evil', 'File')).toMatch(/escapes/);
    expect(unsafeEntryReason(target, 'a/../../evil', 'File')).toMatch(/escapes/);
    expect(unsafeEntryReason(target, '..', 'Directory')).toMatch(/escapes/);
    expect(unsafeEntryReason(target, '..\\evil', 'File')).toMatch(/escapes/);
    expect(unsafeEntryReason(target, '/etc/passwd', 'File')).toMatch(/absolute/);
    expect(unsafeEntryReason(target, 'C:\\evil', 'File')).toMatch(/absolute/);
    expect(unsafeEntryReason(target, 'link', 'SymbolicLink')).toMatch(/SymbolicLink is not allowed/);
    expect(unsafeEntryReason(target, 'hard', 'Link')).toMatch(/not allowed/);
    expect(unsafeEntryReason(target, 'dev', 'CharacterDevice')).toMatch(/not allowed/);
  });
});
