// Public exports of compiler/. Owned by the compiler work; keep it a list of re-exports.
export {};
