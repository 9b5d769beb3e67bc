// Public exports of telemetry/. Owned by the telemetry work; keep it a list of re-exports.
export {};
