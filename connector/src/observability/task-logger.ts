/** The background tasks' logger over pino: message first, fields after; `child` binds fields (a correlation id). */
import type { Logger } from 'pino';
import type { TaskLogger } from '../sync/frame/task-env.ts';

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
