// Public exports of train/. Owned by the train work; keep it a list of re-exports.
export {};
