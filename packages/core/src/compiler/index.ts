// Public exports of compiler/. Owned by the compiler work; keep it a list of re-exports.
export * from './compile';
export * from './compile-error';
export * from './compile-spec-options';
export * from './dropout-seed';
export * from './init-weights';
export * from './frozen-except-batch-norm';
