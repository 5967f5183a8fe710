/**
 * Test support: a fake Odoo (JSON-2) holding sales orders, slow the way a real one is. Each write can be held for
 * a while before it commits (the client's deadline may fire meanwhile while the "server" goes on and commits, as
 * Odoo does), reads see only committed state, and every write is counted in flight, so tests can check how many
 * writes the connector had running at once and how often it confirmed.
 */
import { startFakeOdoo, type FakeAnswer, type FakeOdoo, type ReceivedCall } from './fake-odoo-server.ts';

export interface SlowSaleOdooOptions {
  /** How long the n-th call (0-based, per method) of `method` takes before it commits; default 0. */
  delayMs?: (method: string, nth: number, records: number) => number;
  /** Told on every call before it runs (an injected clock advances by the modelled duration here). */
  onCall?: (method: string, records: number) => void;
}

export interface SaleOrderRow {
  id: number;
  client_order_ref: string | false;
  state: string;
}

export interface SlowSaleOdoo {
  fake: FakeOdoo;
  orders: Map<number, SaleOrderRow>;
  /** Calls per method, and the number of records each carried (reads: the ids asked for). */
  calls: Record<string, number[]>;
  /** The 422 answers given (Odoo's refusal of a second confirmation). */
  refusals: string[];
  /** Writes in flight at most at once. */
  maxWritesInFlight(): number;
  close(): Promise<void>;
}

const NOT_DRAFT = {
  name: 'odoo.exceptions.UserError',
  message: 'Some orders are not in a state requiring confirmation.',
  arguments: ['Some orders are not in a state requiring confirmation.'],
  context: {},
  debug: '<traceback omitted>',
};
const READS = new Set(['read', 'search_read', 'search', 'context_get']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the slow fake; `seed` drafts are created first (ids from 1). */
export async function startSlowSaleOdoo(opts: SlowSaleOdooOptions = {}, seed = 0): Promise<SlowSaleOdoo> {
  const orders = new Map<number, SaleOrderRow>();
  let nextId = 1;
  for (let i = 0; i < seed; i++, nextId++) orders.set(nextId, { id: nextId, client_order_ref: `SEED-${nextId}`, state: 'draft' });
  const calls: Record<string, number[]> = {};
  const refusals: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const run = async (method: string, ids: number[], named: Record<string, unknown>): Promise<FakeAnswer> => {
    if (method === 'context_get') return { status: 200, body: { uid: 2 } };
    if (method === 'read' || method === 'search_read') {
      (calls[method] ??= []).push(ids.length);
      const domain = named.domain as Array<[string, string, unknown]> | undefined;
      const refs = domain?.[0]?.[0] === 'client_order_ref' ? new Set(domain[0][2] as string[]) : null;
      const rows = method === 'read' ? ids.flatMap((id) => (orders.has(id) ? [orders.get(id)!] : [])) : [...orders.values()].filter((o) => refs?.has(o.client_order_ref as string));
      return { status: 200, body: rows.map((r) => ({ ...r })) };
    }
    const records = method === 'create' ? (named.vals_list as unknown[]).length : ids.length;
    const list = (calls[method] ??= []);
    const nth = list.length;
    list.push(records);
    opts.onCall?.(method, records);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      // The work takes its time; nothing is visible to readers until it commits at the end.
      await sleep(opts.delayMs?.(method, nth, records) ?? 0);
      if (method === 'create') {
        const vals = named.vals_list as Array<{ client_order_ref?: string }>;
        const created = vals.map((v) => {
          const id = nextId++;
          orders.set(id, { id, client_order_ref: v.client_order_ref ?? false, state: 'draft' });
          return id;
        });
        return { status: 200, body: created };
      }
      if (method === 'action_confirm') {
        if (ids.some((id) => orders.get(id)?.state !== 'draft')) {
          refusals.push(ids.join(','));
          return { status: 422, body: NOT_DRAFT };
        }
        for (const id of ids) orders.get(id)!.state = 'sale';
        return { status: 200, body: true };
      }
      if (method === 'write') return { status: 200, body: true };
      return { status: 422, body: { name: 'builtins.AttributeError', message: `no sale.order.${method}` } };
    } finally {
      inFlight--;
    }
  };

  const handler = (c: ReceivedCall): Promise<FakeAnswer> | undefined => {
    if (!c.url.startsWith('/json/2/')) return undefined;
    const [, , , , method = ''] = c.url.split('/');
    const { ids = [], ...named } = c.body as Record<string, unknown> & { ids?: number[] };
    if (!READS.has(method) && method !== 'create' && method !== 'action_confirm' && method !== 'write') return undefined;
    return run(method, ids, named);
  };
  const fake = await startFakeOdoo({ handler });
  return { fake, orders, calls, refusals, maxWritesInFlight: () => maxInFlight, close: () => fake.close() };
}
