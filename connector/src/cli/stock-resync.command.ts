/** `stock-resync`: every merchant-fulfilled quantity of a backend sent to Amazon again (queued for the workers). */
import { goLiveOfFlow } from '../sync/frame/flow.ts';
import { merchantStockFlow, scheduleRecompute } from '../sync/merchant-stock/index.ts';
import { resolveBackend } from './backend-ref.ts';
import { backendLabel, type CliEnv, type CliIo, type CommandOutcome } from './cli-io.ts';

export interface StockResyncResult {
  backendId: number;
  queued: true;
  flowEnabled: boolean;
}

/** `stock-resync --backend ID [--json]`: exit status 1 when the flow is off (the queued job would do nothing). */
export async function stockResyncCommand(env: CliEnv, args: { backend: string; json: boolean }, io: CliIo): Promise<CommandOutcome<StockResyncResult>> {
  const backend = await resolveBackend(env.core, args.backend);
  await scheduleRecompute(env.db.pool, { backendId: backend.id, force: true });
  const result: StockResyncResult = { backendId: backend.id, queued: true, flowEnabled: goLiveOfFlow(merchantStockFlow, backend.settings).enabled };
  if (args.json) io.out(JSON.stringify(result));
  else {
    io.out(`merchant stock resync of ${backendLabel(backend)} queued`);
    if (!result.flowEnabled) io.out('the merchant-stock flow is switched off for this backend (goLive): the job will do nothing until it is on');
  }
  return { exitCode: result.flowEnabled ? 0 : 1, result };
}
