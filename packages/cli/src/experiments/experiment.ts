/**
 * Experiments: the studies of docs/experiments.md as runnable cells. A cell (core's `SweepCell`, the
 * one cell type of `bench run`, `bench sweep` and `bench slurm`) is one backend, one model size,
 * one batch size, one repeat; `runCell` turns any experiment's cell into records, catching
 * failures so that a run or sweep survives them.
 */
import type { BackendRegistry, PeakFlops, ResultRecord, RunMeta, RunRecord, SweepCell } from '@bench/core';

/** One run of an experiment: core's cell type. */
export type Cell = SweepCell;

/** What a cell's run needs from its host (CLI process or sweep worker). */
export interface ExperimentContext {
  registry: BackendRegistry;
  /** Receives every record the run produces, in order. */
  emit(record: ResultRecord): void;
  /** Human-readable lines (tables); ignored in --json mode. */
  log(line: string): void;
  onEpochStart?(epoch: number): void;
  /** The CPU peak for MFU of CPU backends' runs; default `cpuPeak()` (calibrated once). */
  cpuPeak?(): Promise<PeakFlops | undefined>;
}

/** What an experiment tells the cell runner as soon as it knows it (kept if the run fails later). */
export interface RunFacts {
  /** Warm-up seconds: compile + prepare (core's `compileSession`). */
  warmupSeconds?: number;
  /** Forward FLOPs per sample (MFU uses 3x this). */
  flopsPerSample?: number;
  /** Notes for the run record's `warnings` (e.g. the files an image loader skipped). */
  warnings?: string[];
}

/** The context `runCell` hands an experiment: the host's, plus where to report facts. */
export interface CellContext extends ExperimentContext {
  report(facts: RunFacts): void;
}

/** The identifying fields of a run, known once the model is built (the trainer's RunMeta). */
export type RunIdentity = RunMeta;

/** Completes a run's identity with the ids the runner owns. */
export type SetIdentity = (id: Omit<RunIdentity, 'runId' | 'cellId' | 'repeat'>) => RunIdentity;

export interface Experiment {
  name: string;
  description: string;
  /** Batch sizes `bench run` uses when --batch-size is not given. */
  defaultBatchSizes: readonly number[];
  /** Epochs `bench run` uses when --epochs is not given, by the backend's device kind. */
  defaultEpochs(deviceKind: 'cpu' | 'gpu'): number;
  /**
   * The model a cell asks for, known before anything runs: a run that fails before its model
   * is built (no data, no engine) still records it (the batch size is on the cell).
   */
  defaults?(cell: Cell): { model?: string };
  /**
   * Runs one cell, emitting its epoch (and other) records through `ctx.emit`; the run record is
   * built by `runCell` from them. The experiment calls `setIdentity` as soon as it knows the
   * model and device; it returns the full identity (with the run id) to stamp on records.
   */
  run(cell: Cell, ctx: CellContext, setIdentity: SetIdentity): Promise<void>;
}

export type { RunRecord };
