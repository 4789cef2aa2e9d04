/**
 * An error in what the user gave us (a file, a column, a key, a value). The CLI
 * prints `message` alone and exits non-zero; the server maps it to a 4xx. `where`
 * names the place: a file path, `file:line`, a column name or a spec key path.
 */
export class RadSweepInputError extends Error {
  override readonly name = 'RadSweepInputError';
  /** What is wrong, without the place (`message` is `where: reason`, or the reason alone). */
  readonly reason: string;
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
    this.reason = message;
  }
}

/** A model or step used before fit. */
export class NotFittedError extends Error {
  override readonly name = 'NotFittedError';
  constructor(what: string) {
    super(`${what} is not fitted: call fit() first`);
  }
}
