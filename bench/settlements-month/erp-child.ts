/**
 * The month's ERP sandbox moved into a child process with its cost model on, for the timed part: the month is
 * seeded through the in-process sandbox at its own speed (a real Odoo's speed would take hours for work that is not
 * measured), then that sandbox closes and `sandbox/erp/src/main.ts` starts on the same port, database and API key
 * (the connector's backend keeps its ERP URL and key) with ERP_SANDBOX_COST_SCALE. The stack's own close then stops
 * the child before it drops the database.
 */
import { startTs, waitForHttp, type Child } from '../../scripts/lib/processes.ts';
import type { Stack } from '../../test/support/connector-stack.ts';

export async function erpAsChild(stack: Stack, costScale: number): Promise<Child> {
  const { sandbox } = stack.erp;
  await sandbox.close();
  // The handle's close closes this (now closed) sandbox and drops its database: the sandbox part becomes a no-op,
  // the child stops first.
  sandbox.close = async () => {};
  const child = startTs('erp', 'sandbox/erp/src/main.ts', {
    quiet: !process.env.STACK_VERBOSE,
    env: { ERP_SANDBOX_DATABASE_URL: stack.erp.databaseUrl, ERP_SANDBOX_PORT: String(sandbox.port), ERP_SANDBOX_API_KEY: sandbox.apiKey,
      ERP_SANDBOX_COST_SCALE: String(costScale) },
  });
  await waitForHttp(`${sandbox.url}/web/version`, child);
  const dropDb = stack.erp.close.bind(stack.erp);
  stack.erp.close = async () => {
    await child.stop();
    await dropDb();
  };
  return child;
}
