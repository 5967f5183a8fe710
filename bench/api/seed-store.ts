/**
 * Fills a migrated connector database with a store that looks like months of use, fast (set-based SQL, seconds
 * for 100,000 orders): orders spread over backends of unequal size and over 90 days, each in a realistic sync state,
 * a binding per imported order, an open conflict per order in conflict (with its Amazon snapshot, as the sweep
 * writes it: one in five a money conflict, each with its ship-by deadline) plus older closed ones, the SKUs seen
 * (a catalogue per backend, most mapped to an ERP product, the 40 the conflicts wait on not), a few mapping rows,
 * and the sweep and import runs of a week. Payloads are real sandbox orders
 * (PII split off as the store does), so row sizes and TOAST behave as in production.
 */
import type pg from 'pg';
import { splitPii } from '../../connector/src/db/order-pii.ts';

export interface SeedOptions {
  backendIds: readonly number[];
  orders: number;
  /** Real Amazon orders (as the sandbox serves them) used as payload templates. */
  templates: ReadonlyArray<Record<string, unknown>>;
}

export interface SeedCounts {
  orders: number;
  bindings: number;
  conflicts: number;
  openConflicts: number;
  runs: number;
  skus: number;
}

/** SKUs of each backend's catalogue (`SKU-00001`...), nine in ten mapped to an ERP product. */
const CATALOGUE_SKUS = 2000;

/**
 * Per 100 orders: 88 imported, 3 in conflict, 1 failed, 2 waiting, 1 queued, 3 not imported (FBA), 2 ignored.
 * Backends get 50 %, 25 %, 15 % and 10 % of the orders (by i % 20; the state by i / 20, so the two are independent).
 */
const STATE_OF = `case when (i / 20) % 100 < 88 then 'imported' when (i / 20) % 100 < 91 then 'conflict' when (i / 20) % 100 < 92 then 'failed'
  when (i / 20) % 100 < 94 then 'waiting' when (i / 20) % 100 < 95 then 'queued' when (i / 20) % 100 < 98 then 'not_imported' else 'ignored' end`;

/**
 * What autovacuum does to a store this age: statistics and the visibility map (index-only scans). Returns the
 * share of fetched_document's pages marked all-visible.
 */
export async function settleStore(pool: pg.Pool): Promise<number> {
  // A fast (synchronous_commit off) server flushes the commit record within ~0.6 s; until then vacuum may not
  // take the rows for visible to all.
  await pool.query('select pg_sleep(1)');
  for (const t of ['fetched_document', 'record_state', 'binding', 'sync_conflict', 'sync_run', 'amazon_sku']) await pool.query(`vacuum analyze ${t}`);
  const { rows } = await pool.query<{ share: number }>(`select relallvisible::float / greatest(relpages, 1) as share from pg_class where relname = 'fetched_document'`);
  return rows[0]!.share;
}

export async function seedStore(pool: pg.Pool, o: SeedOptions): Promise<SeedCounts> {
  const payloads = o.templates.map((t) => JSON.stringify(splitPii(t).payload));
  const b = [...o.backendIds];
  // Share of each backend, as cumulative thresholds over i % 20 (10, 5, 3, 2 twentieths for four backends).
  const shares = b.length === 4 ? [10, 15, 18, 20] : b.map((_, k) => Math.round(((k + 1) * 20) / b.length));
  const backendOf = `(array[${b.join(',')}])[(select count(*) from unnest(array[${shares.join(',')}]) s where s <= (i % 20)) + 1]`;
  const client = await pool.connect();
  try {
    await client.query('begin');
    // The orders as the store keeps them: a fetched document of kind 'order' and its record state (flow 'orders').
    await client.query(
      `create temporary table seed_order on commit drop as
       select g.i, g.backend_id, g.order_id, g.state, g.at, t.payload
         from (select i, ${backendOf} as backend_id, ${STATE_OF} as state,
                      format('%s-%s-%s', 300 + i % 700, lpad((i * 7919 % 10000000)::text, 7, '0'), lpad(i::text, 7, '0')) as order_id,
                      now() - make_interval(secs => (${o.orders} - i) * 77.76 + (i * 37 % 60)) as at
                 from generate_series(1, ${o.orders}) i) g
         join (select ord - 1 as k, p as payload from unnest($1::jsonb[]) with ordinality as x(p, ord)) t on t.k = g.i % ${payloads.length}`,
      [payloads],
    );
    await client.query(
      `insert into fetched_document (backend_id, kind, key, source_updated_at, content_hash, payload, summary, pii_sealed, pii_key_id, fetched_at, created_at)
       select backend_id, 'order', order_id, at, md5(i::text), jsonb_set(payload, '{orderId}', to_jsonb(order_id)),
              jsonb_build_object('marketplaceId', 'A1PA6795UKMFR9', 'status', case when state = 'not_imported' then 'SHIPPED' else 'UNSHIPPED' end,
                                 'fulfilledBy', case when state = 'not_imported' then 'AMAZON' else 'MERCHANT' end),
              decode(repeat(md5(i::text), 12), 'hex'), 'k1', at, at
         from seed_order order by i`,
    );
    await client.query(
      `insert into record_state (backend_id, flow, key, state, code, detail, source_updated_at, synced_at, updated_at, created_at)
       select backend_id, 'orders', order_id, state,
              case state when 'conflict' then 'SKU_UNMAPPED' when 'failed' then 'ERP_REJECTED' when 'waiting' then 'ORDER_PENDING' end,
              jsonb_build_object('total', (10 + i % 290)::text || '.' || lpad((i % 100)::text, 2, '0'), 'currency', 'EUR')
                || case when state = 'imported' then jsonb_build_object('erpName', 'S' || lpad(i::text, 6, '0')) else '{}'::jsonb end,
              at, case when state in ('imported', 'conflict', 'failed') then at + interval '2 minutes' end, at, at
         from seed_order order by i`,
    );
    const bindings = await client.query(
      `insert into binding (backend_id, kind, amazon_key, erp_model, erp_id, amazon_updated_at, erp_write_date, payload_hash, synced_at)
       select backend_id, 'order', amazon_order_id, 'sale.order', id::int, last_updated_at,
              to_char(synced_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'), content_hash, synced_at
         from amazon_order where sync_state = 'imported'`,
    );
    // One in five open conflicts is about money (listed first); every one has the order's ship-by deadline. The
    // SKU_UNMAPPED ones sell the SKU they wait on, as the SKU list's "held orders" count looks for it.
    const open = await client.query(
      `insert into sync_conflict (backend_id, kind, amazon_key, code, message, amazon_snapshot, diff, status, money, due_at, created_at, updated_at)
       select backend_id, 'order', amazon_order_id, case when money then 'TOTAL_MISMATCH' else 'SKU_UNMAPPED' end,
              case when money then 'the ERP order total differs from Amazon''s by 0.01 EUR'
                   else 'SKU BENCH-' || (id % 40) || ' has no product in the ERP (no default_code, no sku_map row)' end,
              case when money then payload else jsonb_set(payload, '{orderItems,0,product,sellerSku}', to_jsonb('BENCH-' || (id % 40))) end,
              case when money then jsonb_build_object('amazonTotal', '20.00', 'erpTotal', '20.01') else jsonb_build_object('sku', 'BENCH-' || (id % 40)) end,
              'open', money, synced_at + make_interval(hours => 24 + (id % 72)::int), synced_at, synced_at
         from (select *, (id / 40) % 5 = 0 as money from amazon_order where sync_state = 'conflict') o`,
    );
    // Conflicts closed in the past: one per 25 imported orders, resolved by a retry or dismissed.
    const closed = await client.query(
      `insert into sync_conflict (backend_id, kind, amazon_key, code, message, amazon_snapshot, diff, status, resolution, created_at, updated_at, resolved_at)
       select backend_id, 'order', amazon_order_id, case when id % 2 = 0 then 'SKU_UNMAPPED' else 'SETUP_INCOMPLETE' end,
              'the order could not be mapped when it was first seen', payload, jsonb_build_object('sku', 'OLD-' || (id % 40)),
              case when id % 3 = 0 then 'dismissed' else 'resolved' end, jsonb_build_object('action', 'retry', 'by', 'api'),
              last_updated_at, last_updated_at + interval '1 hour', last_updated_at + interval '1 hour'
         from amazon_order where sync_state = 'imported' and id % 25 = 0`,
    );
    // A week of runs per backend: a sweep every 3 minutes and an import after each.
    const runs = await client.query(
      `insert into sync_run (backend_id, flow, trigger, started_at, finished_at, status, counts)
       select b, f.flow, f.trig, now() - make_interval(mins => 3 * k), now() - make_interval(mins => 3 * k) + interval '4 seconds',
              case when k % 97 = 0 then 'failed' else 'ok' end, jsonb_build_object('ok', k % 50, 'failed', 0, 'skipped', 0, 'retry', 0, 'conflict', k % 3)
         from unnest($1::int[]) b, generate_series(1, 3360) k,
              (values ('orders.sweep', 'sweep'), ('orders.import', 'job')) f(flow, trig)
        order by 4`,
      [b],
    );
    // The SKUs seen: each backend's catalogue (mapped through a product binding, as the SKU screen or auto-match
    // leaves it) and the 40 unmapped SKUs the open conflicts wait on.
    const skus = await client.query(
      `insert into amazon_sku (backend_id, sku, asin, title, last_order_id, first_seen_at, last_seen_at, matched_by, matched_product_id, matched_product_name)
       select b, sku, 'B0' || lpad(((k * 7919) % 100000000)::text, 8, '0'), 'Bench product ' || k || ', ceramic, 350 ml', null,
              now() - interval '90 days', now() - make_interval(mins => k), case when mapped then 'default_code' end,
              case when mapped then k end, case when mapped then '[' || sku || '] Bench product ' || k end
         from unnest($1::int[]) b,
              lateral (select k, 'SKU-' || lpad(k::text, 5, '0') as sku, k % 10 <> 0 as mapped from generate_series(1, ${CATALOGUE_SKUS}) k
                       union all select ${CATALOGUE_SKUS} + j, 'BENCH-' || j, false from generate_series(0, 39) j) c`,
      [b],
    );
    await client.query(
      `insert into binding (backend_id, kind, amazon_key, erp_model, erp_id, synced_at)
       select backend_id, 'product', sku, 'product.product', matched_product_id, last_seen_at from amazon_sku where matched_product_id is not null`,
    );
    // The Field mappings screen's rows: a few per backend, as an integrator adds them.
    await client.query(
      `insert into mapping_rule (backend_id, flow, target, erp_field, source_kind, source, transforms, position)
       select b, 'orders', r.target, r.field, r.kind, r.source::jsonb, r.transforms::jsonb, r.pos
         from unnest($1::int[]) b,
              (values ('sale.order', 'x_channel', 'path', '{"kind":"path","path":"salesChannel.channelName"}', '["upper"]', 0),
                      ('sale.order', 'client_order_ref', 'template', '{"kind":"template","template":"AMZ {{orderId}}"}', '[]', 1),
                      ('sale.order', 'x_marketplace', 'constant', '{"kind":"constant","value":"amazon"}', '[]', 2),
                      ('delivery', 'comment', 'path', '{"kind":"path","path":"fulfillment.fulfillmentServiceLevel"}', '["trim"]', 3)) r(target, field, kind, source, transforms, pos)`,
      [b],
    );
    await client.query(
      `insert into sweep_cursor (backend_id, flow, last_updated_after, last_run_at)
       select b, 'orders', now() - interval '5 minutes', now() - interval '3 minutes' from unnest($1::int[]) b
       on conflict (backend_id, flow) do nothing`,
      [b],
    );
    await client.query('commit');
    return { orders: o.orders, bindings: bindings.rowCount ?? 0, conflicts: (open.rowCount ?? 0) + (closed.rowCount ?? 0), openConflicts: open.rowCount ?? 0, runs: runs.rowCount ?? 0, skus: skus.rowCount ?? 0 };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
