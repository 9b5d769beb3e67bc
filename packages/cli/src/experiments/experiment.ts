/**
 * Experiments: the studies of docs/experiments.md as runnable cells. A cell is one backend, one model
 * size, one batch size, one repeat; `runCell` turns any experiment's cell into records, catching
 * failures so that a sweep survives them.
 */
import type { BackendRegistry, ResultRecord, RunMeta, RunRecord } from '@bench/core';

/** One run of an experiment. */
export interface Cell {
  experiment: string;
  backend: string;
  batchSize?: number;
  /** E3: number of linear layers. */
  layers?: number;
  model?: string;
  epochs?: number;
  seed?: number;
  repeat?: number;
  cellId?: string;
  /** Experiment-specific options (data folder, limits...). */
  options?: Record<string, unknown>;
}

/** What a cell's run needs from its host (CLI process or sweep worker). */
export interface ExperimentContext {
  registry: BackendRegistry;
  /** Receives every record the run produces, in order. */
  emit(record: ResultRecord): void;
  /** Human-readable lines (tables); ignored in --json mode. */
  log(line: string): void;
  onEpochStart?(epoch: number): void;
}

/** The identifying fields of a run, known once the model is built (the trainer's RunMeta). */
export type RunIdentity = RunMeta;

/** Completes a run's identity with the ids the runner owns. */
export type SetIdentity = (id: Omit<RunIdentity, 'runId' | 'cellId' | 'repeat'>) => RunIdentity;

/** What an experiment's run returns on success (the run record is built from it). */
export interface RunOutcome {
  identity: RunIdentity;
  epochs: number;
  trainSeconds: number;
  warmupSeconds?: number;
  samplesPerSecond?: number;
  finalTrainLoss?: number;
  finalValidLoss?: number | null;
  finalErrorRate?: number | null;
  finalTrainErrorRate?: number | null;
  flopsPerSample?: number;
  /** Notes for the run record's `warnings` (e.g. the files an image loader skipped). */
  warnings?: string[];
}

export interface Experiment {
  name: string;
  description: string;
  /**
   * The model and batch size a cell asks for, known before anything runs: a run that fails
   * before its model is built (no data, no engine) still records them.
   */
  defaults?(cell: Cell): { batchSize: number; model?: string };
  /**
   * Runs one cell. The experiment calls `setIdentity` as soon as it knows the model and device;
   * it returns the full identity (with the run id) to stamp on records.
   */
  run(cell: Cell, ctx: ExperimentContext, setIdentity: SetIdentity): Promise<RunOutcome>;
}

export type { RunRecord };
