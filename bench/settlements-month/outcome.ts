/**
 * What the month left in the connector and the ERP, read after the timed part (the same questions as
 * test/settlements-month.test.ts asks, counted instead of asserted): the invoices of the orders Amazon settled a
 * sale of (paid, reversed by their credit notes, or still open), the credit notes of the refunds it settled
 * (settled or open), the settlements per currency, the refunds and credit notes made.
 */
import type { Month } from '../../test/support/settlement-month.ts';

export interface MonthOutcome {
  orders: { generated: number; invoiced: number; settled: number };
  refunds: { inSettlements: number; credited: number };
  creditNotes: { made: number; inSettlements: number; settled: number; open: number };
  invoices: { paid: number; reversed: number; open: number; openIds: number[] };
  settlementsPerCurrency: Record<string, number>;
}

export async function monthOutcome(m: Month, month: string[]): Promise<MonthOutcome> {
  const db = m.stack.env.db.pool;
  const backendId = m.stack.backendId;
  const erp = m.stack.erpClient;
  const one = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
  const { rows: cur } = await db.query<{ currency: string; n: number }>(
    `select currency, count(*)::int as n from settlement where backend_id = $1 and settlement_id = any($2) group by currency order by currency`, [backendId, month]);
  const { rows: sold } = await db.query<{ move_id: number }>(`select distinct r.move_id from invoice_request r
      join settlement_line l on l.backend_id = r.backend_id and l.order_id = r.amazon_order_id and l.transaction_type = 'Order'
     where r.backend_id = $1 and l.settlement_id = any($2) and r.state = 'invoiced'`, [backendId, month]);
  const invoices = { paid: 0, reversed: 0, open: 0, openIds: [] as number[] };
  for (const i of await readAll(erp, sold.map((s) => s.move_id), ['payment_state', 'amount_residual', 'reversal_move_ids'])) {
    const residual = Number(i.amount_residual);
    if (i.payment_state === 'paid' && residual === 0) invoices.paid++;
    else if (i.payment_state === 'reversed' && (i.reversal_move_ids as number[]).length > 0 && residual === 0) invoices.reversed++;
    else { invoices.open++; invoices.openIds.push(i.id); }
  }
  const { rows: credited } = await db.query<{ erp_id: number }>(`select distinct b.erp_id from binding b
      join settlement_line l on l.backend_id = b.backend_id and l.adjustment_id = split_part(b.amazon_key, '@', 1)
     where b.backend_id = $1 and b.kind = 'refund' and l.settlement_id = any($2)`, [backendId, month]);
  let settled = 0;
  for (const n of await readAll(erp, credited.map((c) => c.erp_id), ['payment_state', 'amount_residual', 'move_type', 'state'])) {
    if (n.move_type === 'out_refund' && n.state === 'posted' && Number(n.amount_residual) === 0 && (n.payment_state === 'paid' || n.payment_state === 'reversed')) settled++;
  }
  return {
    orders: {
      generated: m.generated.length,
      invoiced: (await m.invoiced()).length,
      settled: await one(`select count(distinct order_id)::int as n from settlement_line where backend_id = $1 and settlement_id = any($2) and transaction_type = 'Order'`, [backendId, month]),
    },
    refunds: {
      inSettlements: await one(`select count(distinct adjustment_id)::int as n from settlement_line where backend_id = $1 and settlement_id = any($2) and transaction_type = 'Refund'`, [backendId, month]),
      credited: await one(`select count(*)::int as n from record_state where backend_id = $1 and flow = 'refunds' and state = 'credited'`, [backendId]),
    },
    creditNotes: {
      made: await one(`select count(*)::int as n from binding where backend_id = $1 and kind = 'refund'`, [backendId]),
      inSettlements: credited.length, settled, open: credited.length - settled,
    },
    invoices,
    settlementsPerCurrency: Object.fromEntries(cur.map((c) => [c.currency, c.n])),
  };
}

/** ERP reads in slices of 500 records (one call each). */
async function readAll(erp: Month['stack']['erpClient'], ids: number[], fields: string[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await erp.read('account.move', ids.slice(i, i + 500), fields)));
  return out;
}
