/** An error in user-supplied input, carrying the path of the offending field. */
export class InputError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'InputError';
    this.path = path;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/**
 * The engine computed something it cannot stand behind (a non-finite number) from
 * input that passed validation: a defect, reported by name instead of printing
 * null or NaN. `path` is where in the result it appeared (`training.stepTimeS`).
 */
export class EngineError extends Error {
  readonly path: string;
  readonly code: 'non-finite-result' | 'evaluation-timeout';
  constructor(code: EngineError['code'], path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'EngineError';
    this.code = code;
    this.path = path;
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
