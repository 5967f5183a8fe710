/** Config dumps for logs and the health page: every secret replaced, the database password cut out. */
import type { Config } from './config.ts';

const HIDDEN = '[redacted]';

/** A JSON-safe copy of the configuration with no secret in it. */
export function redact(config: Config): Record<string, unknown> {
  const db = new URL(config.databaseUrl);
  if (db.password) db.password = HIDDEN;
  return {
    databaseUrl: db.toString(),
    secretKey: HIDDEN,
    previousSecretKeys: config.previousSecretKeys.map(() => HIDDEN),
    adminToken: HIDDEN,
    role: config.role,
    api: { ...config.api },
    worker: { ...config.worker },
    logLevel: config.logLevel,
    amazonEndpoint: config.amazonEndpoint,
    panel: { ...config.panel, embedSecret: config.panel.embedSecret && HIDDEN },
    bootstrap: config.bootstrap && {
      name: config.bootstrap.name,
      amazon: {
        ...config.bootstrap.amazon,
        lwaClientSecret: HIDDEN,
        refreshToken: HIDDEN,
      },
      erp: {
        ...config.bootstrap.erp,
        apiKey: config.bootstrap.erp.apiKey && HIDDEN,
        password: config.bootstrap.erp.password && HIDDEN,
      },
    },
  };
}
