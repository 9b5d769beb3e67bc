import { EmptyInputError } from './empty-input-error';
import { InvalidBatchError } from './invalid-batch-error';
import { InvalidWeightsError } from './invalid-weights-error';
import { SessionDisposedError } from './session-disposed-error';

/** The closed set of errors the core session throws for misuse, on every backend alike. */
export type SessionError = SessionDisposedError | InvalidBatchError | InvalidWeightsError | EmptyInputError;

/** True for any of the session errors (from any copy of the package). */
export function isSessionError(error: unknown): error is SessionError {
  return (
    SessionDisposedError.isInstance(error) ||
    InvalidBatchError.isInstance(error) ||
    InvalidWeightsError.isInstance(error) ||
    EmptyInputError.isInstance(error)
  );
}
