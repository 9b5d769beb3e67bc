// Public exports of data/. Owned by the data work; keep it a list of re-exports.
export {};
