import { BenchError } from '@bench/core';
/**
 * Test helpers for the loader fuzz tests: the same arbitraries and property checks as
 * core/src/__fixtures__/fuzz.ts (fixtures do not cross packages: each tsconfig has rootDir src).
 * Damaged files are random bytes or a valid file flipped, cut, extended, spliced or with a
 * length field blown up; a loader must give a valid result or a named BenchError.
 */
import fc from 'fast-check';

/** One edit of a byte buffer. */
export type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'splice'; from: number; to: number; length: number }
  | { kind: 'big'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Random edits (1 to 8), positions relative to the buffer length so they fit any file. */
export const mutations: fc.Arbitrary<{ edits: Mutation[]; positions: number[] }> = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('flip' as const),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
      }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        bytes: fc.uint8Array({ maxLength: 64 }),
      }),
      fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), to: fc.nat(), length: fc.nat(512) }),
      fc.record({ kind: fc.constant('big' as const), at: fc.nat() }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .chain((edits) =>
    fc.record({ edits: fc.constant(edits), positions: fc.array(position, { minLength: 16, maxLength: 16 }) }),
  );

/** Applies edits to a copy of `bytes` (positions scaled to the current length). */
export function mutate(bytes: Uint8Array, m: { edits: Mutation[]; positions: number[] }): Uint8Array {
  let out = Buffer.from(bytes);
  let p = 0;
  const pick = (len: number) => Math.floor(m.positions[p++ % m.positions.length]! * Math.max(1, len));
  for (const e of m.edits) {
    const at = pick(out.length);
    if (e.kind === 'flip' && out.length > 0) out[Math.min(at, out.length - 1)] = e.value;
    else if (e.kind === 'cut') out = out.subarray(0, at);
    else if (e.kind === 'insert') out = Buffer.concat([out.subarray(0, at), e.bytes, out.subarray(at)]);
    else if (e.kind === 'splice') {
      const from = pick(out.length);
      out = Buffer.concat([out.subarray(0, at), out.subarray(from, from + e.length), out.subarray(at)]);
    } else if (e.kind === 'big' && out.length >= 4) {
      // A length or count field blown up: 4 bytes of 0xff or of a large little-endian number.
      const i = Math.min(at, out.length - 4);
      out.writeUInt32LE(e.at % 2 ? 0xffffffff : 0x7fffffff, i);
    }
  }
  return new Uint8Array(out);
}

/** A few bytes of `valid` overwritten in place (the length kept, so most structure survives). */
export function flipped(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .array(fc.tuple(fc.nat(Math.max(0, valid.length - 1)), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 4,
    })
    .map((flips) => {
      const out = Uint8Array.from(valid);
      for (const [at, value] of flips) out[at] = value;
      return out;
    });
}

/** Random bytes, a mutation of `valid`, or `valid` with a few bytes overwritten (a third each). */
export function damagedFile(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 4096 }),
    mutations.map((m) => mutate(valid, m)),
    flipped(valid),
  );
}

/** Fails unless `error` is a BenchError (optionally of `name`) whose message names `path`. */
export function expectNamedError(error: unknown, path: string, name?: string): void {
  if (!BenchError.isInstance(error)) {
    throw new Error(
      `expected a named BenchError, got ${error instanceof Error ? `${error.name}: ${error.stack}` : String(error)}`,
    );
  }
  if (name && error.name !== name) throw new Error(`expected ${name}, got ${error.name}: ${error.message}`);
  if (!error.message.includes(path)) throw new Error(`error does not name "${path}": ${error.message}`);
}

/** Fails when the process's resident memory exceeds `limitBytes` (an unbounded allocation). */
export function expectBoundedMemory(limitBytes = 2 * 1024 ** 3): void {
  const rss = process.memoryUsage.rss();
  if (rss > limitBytes) throw new Error(`resident memory grew to ${(rss / 1024 ** 2).toFixed(0)} MiB`);
}

/** Rejects when `promise` takes longer than `ms` (a hang). */
export function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (a hang)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Seed and run count of every loader fuzz test: reproducible and fast. */
export const FUZZ = { seed: 17, numRuns: 120 } as const;
