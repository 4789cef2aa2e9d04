/** An id that names nothing in the store (mapped to 404). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(what: string, id: string) {
    super(`${what} '${id}' not found`);
  }
}

/** A request that conflicts with the current state (e.g. resuming a finished run; mapped to 409). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
