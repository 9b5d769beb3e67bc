/**
 * POSIX shell quoting for values written into generated job scripts.
 *
 * Every value is wrapped in single quotes, inside which a POSIX shell (bash, dash, zsh in sh
 * mode) gives no character a special meaning: `$`, backticks, `\`, `"`, `;`, `|`, `&`, globs and
 * newlines are all literal. The one character that cannot appear inside single quotes, `'`, is
 * written as `'\''` (close the quote, an escaped quote, reopen). This is the classic escaper used
 * by Python's `shlex.quote` and git's `sq_quote_buf`; we keep it here rather than depend on
 * `shell-quote`, whose `quote()` picks double quotes or backslash escapes depending on content and
 * has had bugs with backslashes and newlines over the years.
 */
import { SlurmError } from './slurm-error';

/** Characters that never need quoting (keeps simple values readable in the script). */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one value so that a POSIX shell reads it back as exactly one word, byte for byte.
 * Throws a SlurmError for a NUL character, which no shell word or argv entry can carry.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) {
    throw new SlurmError(
      `cannot pass a value containing a NUL character to the shell: ${JSON.stringify(value)}; remove it`,
    );
  }
  if (value !== '' && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes every argument and joins them with spaces: a command line a shell reads back as `args`. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}
