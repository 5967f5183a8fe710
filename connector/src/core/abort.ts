/**
 * Stopping work on request (a worker's graceful shutdown): long waits (quota tokens, backoffs) and loops (a
 * sweep's pages) take an AbortSignal and end with RetryableError('INTERRUPTED'), so the job is handed back and
 * retried later by whichever worker is alive, from what was stored.
 */
import { RetryableError, isSyncError } from './errors.ts';

/** The error every interrupted wait or loop throws. */
export function interruptedError(what = 'work'): RetryableError {
  return new RetryableError('INTERRUPTED', `${what} interrupted: the worker is stopping; the job is retried later`);
}

/** Throws INTERRUPTED when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw interruptedError(what);
}

/** True for the error of an interrupted wait or loop. */
export function isInterrupted(e: unknown): boolean {
  return isSyncError(e) && e.code === 'INTERRUPTED';
}

/** Waits `ms`, or rejects with INTERRUPTED as soon as `signal` fires. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise((ok) => setTimeout(ok, ms));
  throwIfAborted(signal);
  return new Promise((ok, fail) => {
    const onAbort = () => {
      clearTimeout(timer);
      fail(interruptedError('a wait'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      ok();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with INTERRUPTED as soon as `signal` fires (the promise is left to settle unseen). */
export function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((ok, fail) => {
    const onAbort = () => fail(interruptedError('a remote call'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        ok(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        fail(e);
      },
    );
  });
}
