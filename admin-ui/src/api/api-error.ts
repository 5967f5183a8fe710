/** The one error the panel shows: the API's `{ code, message }` (or a network failure as NETWORK_ERROR). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Turns whatever a call threw or answered into an ApiError (error bodies, fetch failures, anything else). */
  static from(e: unknown, status = 0): ApiError {
    if (e instanceof ApiError) return e;
    if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
      const b = e as { code: unknown; message: unknown };
      return new ApiError(String(b.code), String(b.message), status);
    }
    if (e instanceof Error) return new ApiError('NETWORK_ERROR', `the connector could not be reached: ${e.message}`, status);
    return new ApiError('UNKNOWN_ERROR', `the connector answered ${status} without an error code`, status);
  }
}
