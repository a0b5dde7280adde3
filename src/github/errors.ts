// Reading Octokit's errors: which status a call ended with, whether it means "this token may not
// do that" (a fork PR's read-only token, a missing `permissions:` entry), and a one-line reason.

/** The HTTP status of a failed call, or undefined for a network error or timeout. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 100 || status > 599) return undefined;
  // Octokit gives a fetch failure or an abort the status 500 but no response.
  const response = (error as { response?: unknown }).response;
  return response === undefined && status === 500 ? undefined : status;
}

/**
 * A 403 or 404 from a write: GitHub answers 403 "Resource not accessible by integration" to a
 * token without the permission, and 404 where it will not reveal the resource exists. A 403
 * for a rate limit is not one (the throttling plugin has already retried those).
 */
export function isPermissionDenied(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === 404) return true;
  if (status !== 403) return false;
  return !/rate limit/i.test(errorMessage(error));
}

export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const data = (error as { response?: { data?: unknown } }).response?.data;
  const apiMessage =
    typeof data === 'object' &&
    data !== null &&
    typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : undefined;
  const text = apiMessage ?? error.message;
  return text.split('\n')[0].slice(0, 300);
}

/** `HTTP 403: Resource not accessible by integration`, or the error's message for a network error. */
export function describeError(error: unknown): string {
  const status = httpStatus(error);
  const message = errorMessage(error);
  return status === undefined ? message : `HTTP ${status}: ${message}`;
}
