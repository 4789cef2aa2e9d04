/**
 * A non-2xx answer of the API other than 401 (which is SignInNeeded): its status and the server's message.
 * `message` reads "<status>: <reason>", as shown in status lines; forms show `reason` alone.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${status}: ${reason}`);
  }
}
