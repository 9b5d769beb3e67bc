/**
 * @bench/report: tables, CSV and self-contained HTML charts drawn from result records alone.
 */
export type { Report, ReportOptions, WriteReportOptions } from './report';
export { buildReport, writeReport } from './report-impl';
export { renderCsv } from './csv';
export { renderTextTables, renderHtmlTables, runTables, type RunTable } from './tables';
export { renderPredictionsGrid, renderPredictionsSideBySide } from './predictions-grid';
export { renderRunsTable, modelName } from './runs-table';
export { steadyState, type SteadyState } from './steady-state';
export { formatRate } from './format-rate';
export {
  DEFAULT_TARGET_ACCURACY,
  timeToAccuracy,
  describeTimeToAccuracy,
  type TimeToAccuracySummary,
  type BestReached,
} from './time-to-accuracy';
export type { Chart, VegaLiteSpec } from './charts/chart';
export { batchSizeChart, batchSizePoints, type BatchSizePoint } from './charts/batch-size-chart';
export {
  crossoverChart,
  crossoverData,
  speedupPoints,
  type CrossoverMark,
  type SpeedupPoint,
} from './charts/crossover-chart';
export { curvesChart } from './charts/curves-chart';
export { telemetryChart, epochBoundaries } from './charts/telemetry-chart';
export { loadVegaRuntime, vegaBundlePath } from './vega-runtime';
export { duplicateCells, describeDuplicates, type DuplicateCell } from './duplicate-cells';
