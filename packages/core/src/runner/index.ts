// Public exports of runner/. Owned by the runner work; keep it a list of re-exports.
export {};
