/**
 * A stack with a little of everything the API shows (imported orders, an open SKU_UNMAPPED conflict, sync runs),
 * its API on a listening server, and a digest of the connector's tables to prove a request changed nothing.
 */
import { startApi, type ApiHandle } from './api.ts';
import { startStack, type Stack } from './connector-stack.ts';
import { sweepAndImport } from './lifecycle.ts';
import { swapSkuPatch } from './order-edits.ts';

export interface ApiFixture {
  stack: Stack;
  api: ApiHandle;
  /**
   * Real ids to put in paths: a backend, an imported order, an open conflict, a sync run; and two spare backends of
   * the same seller for the lifecycle routes (`spare` to disable and enable, `doomed` to delete).
   */
  ids: { backend: number; order: string; conflict: number; run: number; spare: number; doomed: number };
  /** md5 of every row of the tables a request could change (graphile-worker's jobs included). */
  digest(): Promise<string>;
  close(): Promise<void>;
}

const TABLES = ['backend', 'secret', 'rate_bucket', 'fetched_document', 'record_state', 'binding', 'sync_conflict', 'sync_run', 'sync_step', 'sweep_cursor', 'graphile_worker._private_jobs'];

export async function startApiFixture(adminUrl: string, label: string): Promise<ApiFixture> {
  // No worker runs here: a calm sweep interval.
  const stack = await startStack({ adminUrl, label, sellerIndex: 1, settings: { sweepIntervalSeconds: 60 } });
  const api = await startApi(stack);
  const ordered = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 4, marketplaceId: 'ATVPDKIKX0DER', status: 'UNSHIPPED', fulfilledBy: 'MERCHANT' });
  const unmapped = ordered[0]!;
  stack.amazon.updateOrder(unmapped, swapSkuPatch(stack.amazon.getOrder(unmapped).order, 'SAMPLE-TEA-TRIO'));
  await sweepAndImport(stack);
  const q = async (sql: string) => (await stack.env.db.pool.query<{ v: string }>(sql, [stack.backendId])).rows[0]?.v;
  const conflict = await q(`select id::text as v from sync_conflict where backend_id = $1 and status = 'open' order by id limit 1`);
  const run = await q(`select id::text as v from sync_run where backend_id = $1 order by id limit 1`);
  const order = await q(`select amazon_order_id as v from amazon_order where backend_id = $1 and sync_state = 'imported' order by id limit 1`);
  if (!conflict || !run || !order) throw new Error(`fixture incomplete: conflict ${conflict}, run ${run}, order ${order}`);
  const main = await stack.env.core.backends.get(stack.backendId);
  const spareOf = async (name: string) =>
    (
      await stack.env.core.backends.create({
        name,
        amazonRegion: main.amazonRegion,
        sellerId: main.sellerId,
        marketplaceIds: main.marketplaceIds,
        erpUrl: 'http://127.0.0.1:9',
        erpDb: 'spare',
        credentials: { amazon: { lwaClientId: 'id', lwaClientSecret: 'secret', refreshToken: 'Atzr|spare' }, erp: { apiKey: 'key', login: null, password: null } },
      })
    ).id;
  const [spare, doomed] = [await spareOf(`${label}-spare`.replace(/[^A-Za-z0-9._ -]/g, '-')), await spareOf(`${label}-doomed`.replace(/[^A-Za-z0-9._ -]/g, '-'))];
  return {
    stack,
    api,
    ids: { backend: stack.backendId, order, conflict: Number(conflict), run: Number(run), spare, doomed },
    async digest() {
      const parts: string[] = [];
      for (const t of TABLES) {
        const { rows } = await stack.env.db.pool.query<{ d: string | null }>(`select md5(string_agg(x::text, '|' order by x::text)) as d from ${t} x`);
        parts.push(`${t}:${rows[0]!.d}`);
      }
      return parts.join('\n');
    },
    async close() {
      await api.close();
      await stack.close();
    },
  };
}

/** A route path (`/api/backends/:id/orders/:orderId`) with the fixture's real ids in place of its parameters. */
export function fillPath(url: string, ids: ApiFixture['ids']): string {
  const id = url.startsWith('/api/conflicts') ? ids.conflict : url.startsWith('/api/sync-runs') ? ids.run : ids.backend;
  return url.replace(':orderId', ids.order).replace(':id', String(id));
}
