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
