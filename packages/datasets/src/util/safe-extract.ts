import { isAbsolute, posix, resolve, sep, win32 } from 'node:path';
import * as tar from 'tar';
import { DatasetError } from '../errors/dataset-error';

/** Entry types a data archive may hold; links and devices are refused. */
const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/**
 * Why an archive entry would be unsafe to extract into `target`, or undefined when it is safe: an
 * absolute path, a path that climbs out of `target` (`../evil`, `a/../../evil`), or an entry that
 * is not a plain file or folder (a symlink or hard link could point anywhere).
 */
export function unsafeEntryReason(target: string, path: string, type: string): string | undefined {
  if (!ALLOWED_TYPES.has(type)) return `entry type ${type} is not allowed (only files and folders)`;
  if (isAbsolute(path) || win32.isAbsolute(path)) return 'absolute path';
  const normal = posix.normalize(path.replaceAll('\\', '/'));
  if (normal === '..' || normal.startsWith('../')) return 'path escapes the target folder';
  const root = resolve(target);
  const full = resolve(root, normal);
  if (full !== root && !full.startsWith(root + sep)) return 'path escapes the target folder';
  return undefined;
}

/**
 * Extracts a .tar or .tar.gz `archive` into `target`, refusing the whole archive before writing
 * anything when any entry is unsafe (see `unsafeEntryReason`): the entries are listed first, and
 * extraction then runs with tar's `strict` mode and a filter that re-checks every entry, so a
 * warning is an error and nothing lands outside `target`. Throws a DatasetError naming the
 * archive and the offending entries.
 */
export async function extractTarSafely(archive: string, target: string, loader: string): Promise<void> {
  const bad: string[] = [];
  try {
    await tar.t({
      file: archive,
      strict: true,
      onReadEntry: (entry) => {
        const reason = unsafeEntryReason(target, entry.path, entry.type);
        if (reason) bad.push(`"${entry.path}" (${reason})`);
        entry.resume();
      },
    });
  } catch (error) {
    throw new DatasetError(
      loader,
      `cannot read archive "${archive}" (${(error as Error).message}); delete it and download it again`,
      {
        path: archive,
        cause: error,
      },
    );
  }
  if (bad.length > 0) {
    throw new DatasetError(
      loader,
      `refusing to extract "${archive}": ${bad.length} unsafe entr${bad.length === 1 ? 'y' : 'ies'}: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', ...' : ''}; the archive is not the official one: delete it and download it again from the official source`,
      { path: archive },
    );
  }
  await tar.x({
    file: archive,
    cwd: target,
    strict: true,
    preservePaths: false,
    filter: (path, entry) => {
      const type = 'type' in entry ? (entry.type as string) : 'File';
      if (unsafeEntryReason(target, path, type))
        throw new DatasetError(loader, `refusing unsafe entry "${path}" in "${archive}"`, { path: archive });
      return true;
    },
  });
}
