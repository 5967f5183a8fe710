/** The background tasks' logger over pino: message first, fields after; `child` binds fields (a correlation id). */
import type { Logger } from 'pino';

/** The logger every background task and the code under it writes to. It lives here, not with the task env, so that
 * observability/ never imports sync/ (sync/ imports observability/). */
export interface TaskLogger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line carries `fields` (a job's correlation id). */
  child(fields: Record<string, unknown>): TaskLogger;
}

/** Wraps a pino logger (or child) as a TaskLogger. */
export function taskLogger(logger: Logger): TaskLogger {
  return {
    debug: (msg, f) => logger.debug(f ?? {}, msg),
    info: (msg, f) => logger.info(f ?? {}, msg),
    warn: (msg, f) => logger.warn(f ?? {}, msg),
    error: (msg, f) => logger.error(f ?? {}, msg),
    child: (fields) => taskLogger(logger.child(fields)),
  };
}
