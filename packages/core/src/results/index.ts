// Public exports of results/. Owned by the results work; keep it a list of re-exports.
export {};
