// Public exports of reference/. Owned by the reference work; keep it a list of re-exports.
export {};
