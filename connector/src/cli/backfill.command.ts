/**
 * `backfill`: the order sweep over an explicit window, run in this process (imports are enqueued for the
 * workers as usual; the cursor is left alone). It prints an estimate from the quota before the first call and
 * progress after each page.
 */
import { sweepOrders, type SweepResult } from '../sync/orders/sweep-orders.task.ts';
import { ordersSettings } from '../sync/orders/orders.settings.ts';
import { resolveActiveBackend } from './backend-ref.ts';
import { backfillWindow } from './backfill-window.ts';
import { estimateBackfill, formatEstimate, humanDuration, workerDemand, type BackfillEstimate } from './backfill-estimate.ts';
import { backendsSharingBucket, searchOrdersQuota, storedDensity, workerSweeps } from './backfill-inputs.ts';
import { backfillProgress } from './backfill-progress.ts';
import { backfillRuntimes } from './backfill-runtime.ts';
import { backendLabel, type CliEnv, type CliIo, type CommandOutcome } from './cli-io.ts';

export interface BackfillArgs {
  backend: string;
  from: Date;
  to: Date;
  pageSize: number | null;
  json: boolean;
}

export interface BackfillOutcome {
  backendId: number;
  window: { from: string; to: string };
  warnings: string[];
  estimate: BackfillEstimate;
  sweep: SweepResult;
  seconds: number;
}

/** `backfill --backend ID --from ISO --to ISO [--page-size N] [--json]`. */
export async function backfillCommand(env: CliEnv, args: BackfillArgs, io: CliIo): Promise<CommandOutcome<BackfillOutcome>> {
  const backend = await resolveActiveBackend(env.core, args.backend);
  const window = backfillWindow(args.from, args.to, io.now());
  for (const w of window.warnings) io.err(`warning: ${w}`);
  const pageSize = args.pageSize ?? ordersSettings.of(backend.settings).pageSize;
  const applicationId = (await env.core.backends.credentials(backend.id)).amazon.lwaClientId;
  // The workers keep sweeping every backend of the seller and application meanwhile, from the same bucket.
  const sharing = await backendsSharingBucket(env.core.backends, backend, applicationId);
  const [quota, density] = await Promise.all([
    searchOrdersQuota(env.db.pool, backend, applicationId),
    storedDensity(env.db.pool, backend.id, window.from, window.to),
  ]);
  const workers = workerDemand(await workerSweeps(env.db.pool, sharing), quota.rate);
  const estimate = estimateBackfill(quota, pageSize, window.to.getTime() - window.from.getTime(), density, workers);
  // With --json the estimate still shows before the wait, on stderr, and stdout stays one JSON document.
  const say = args.json ? io.err : io.out;
  say(`backfill of ${backendLabel(backend)}: orders changed from ${window.from.toISOString()} to ${window.to.toISOString()}`);
  for (const line of formatEstimate(estimate)) say(line);

  const runtimes = await backfillRuntimes(env, backend.id, args.pageSize);
  const progress = backfillProgress(io, estimate.pages, { rate: estimate.backfillRate, tokensNow: quota.tokensNow });
  const started = Date.now();
  let sweep: SweepResult;
  try {
    const payload = { backendId: backend.id, window: { from: window.from.toISOString(), to: window.to.toISOString() } };
    sweep = await sweepOrders({ ...env, runtimes }, payload, (r) => progress.page(r), env.job);
    progress.stop(true);
  } catch (e) {
    progress.stop(false);
    throw e;
  } finally {
    await runtimes.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const result: BackfillOutcome = { backendId: backend.id, window: { from: window.from.toISOString(), to: window.to.toISOString() }, warnings: window.warnings, estimate, sweep, seconds };
  if (args.json) io.out(JSON.stringify(result, null, 2));
  else {
    io.out(
      `done in ${humanDuration(seconds)}: ${sweep.fetched} orders in ${sweep.pages} page${sweep.pages === 1 ? '' : 's'}, ` +
        `${sweep.changed} new or changed (enqueued for import), ${sweep.malformed} malformed (open conflicts)`,
    );
  }
  return { exitCode: 0, result };
}
