/**
 * What one call did, read from the call, its answer and (for actions on documents) the documents' lines in the
 * call's own transaction: the cost table prices records and lines, never a test's name for the call.
 */
import type { Call } from '../orm/call.ts';
import type { PoolClient } from 'pg';
import type { Json } from '../orm/types.ts';
import type { CallWork } from './odoo19-costs.ts';

const READS = new Set(['search', 'search_read', 'read', 'name_search']);
const NO_RECORDS = new Set(['search_count', 'fields_get', 'context_get', 'default_get']);

/** Documents whose actions cost per line: the line table and its link to the document (product lines only). */
const LINES_OF: Record<string, string> = {
  'sale.order': 'SELECT count(*)::int AS n FROM sale_order_line WHERE order_id = ANY($1) AND display_type IS NULL AND product_id IS NOT NULL',
  'account.move': 'SELECT count(*)::int AS n FROM account_move_line WHERE move_id = ANY($1) AND display_type = \'product\'',
  'stock.picking': 'SELECT count(*)::int AS n FROM stock_move WHERE picking_id = ANY($1)',
  // a return wizard's lines with something to return (each becomes a move of the return)
  'stock.return.picking': 'SELECT count(*)::int AS n FROM stock_return_picking_line WHERE wizard_id = ANY($1) AND quantity > 0',
};

/**
 * Wizards whose action works on other documents: those documents are the call's records (the transfers a backorder
 * confirmation validates, the orders an invoicing wizard invoices) and their product lines its lines.
 */
const DOCS_OF: Record<string, { docs: string; lines: string }> = {
  'stock.backorder.confirmation': {
    docs: 'SELECT coalesce(array_agg(DISTINCT p), \'{}\') AS ids FROM stock_backorder_confirmation w, unnest(w.pick_ids) p WHERE w.id = ANY($1)',
    lines: LINES_OF['stock.picking']!,
  },
  'sale.advance.payment.inv': {
    docs: 'SELECT coalesce(array_agg(DISTINCT o), \'{}\') AS ids FROM sale_advance_payment_inv w, unnest(w.sale_order_ids) o WHERE w.id = ANY($1)',
    lines: LINES_OF['sale.order']!,
  },
  // the invoices a reversal credits, and their product lines (copied into the credit notes)
  'account.move.reversal': {
    docs: 'SELECT coalesce(array_agg(DISTINCT m), \'{}\') AS ids FROM account_move_reversal w, unnest(w.move_ids) m WHERE w.id = ANY($1)',
    lines: LINES_OF['account.move']!,
  },
};

/** One2many rows created by x2many commands `[0, 0, vals]` in `vals`. */
function linesIn(vals: Json): number {
  if (vals === null || typeof vals !== 'object' || Array.isArray(vals)) return 0;
  let n = 0;
  for (const v of Object.values(vals)) {
    if (Array.isArray(v)) for (const c of v) if (Array.isArray(c) && c[0] === 0) n++;
  }
  return n;
}

const valsList = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []);

/** The work of a call that succeeded with `result`. */
export async function workOf(tx: Pick<PoolClient, 'query'>, call: Call, result: Json | undefined): Promise<CallWork> {
  const base = { model: call.model, method: call.method, records: 0, lines: 0, returned: 0, failed: false };
  if (READS.has(call.method)) return { ...base, returned: Array.isArray(result) ? result.length : 0, ...(call.method === 'read' ? { ids: call.ids } : {}) };
  if (NO_RECORDS.has(call.method)) return base;
  if (call.method === 'create') {
    const list = valsList(call.kwargs.vals_list);
    return { ...base, records: list.length, lines: list.reduce((n: number, v) => n + linesIn(v), 0) };
  }
  if (call.method === 'write') return { ...base, records: call.ids.length, lines: linesIn(call.kwargs.vals ?? null), ids: call.ids };
  if (call.method === 'unlink') return { ...base, records: call.ids.length, ids: call.ids };
  // load: one record per row of its matrix (a row updates the record its `.id` names, or creates one)
  if (call.method === 'load') {
    const rows = Array.isArray(call.kwargs.data) ? call.kwargs.data : [];
    return { ...base, records: rows.length, ids: loadIds(call.kwargs.fields, rows) };
  }
  const wizard = DOCS_OF[call.model];
  if (wizard && call.ids.length > 0) {
    const docs = ((await tx.query(wizard.docs, [call.ids])).rows[0]?.ids as number[] | undefined) ?? [];
    const n = docs.length ? ((await tx.query(wizard.lines, [docs])).rows[0]?.n as number | undefined) ?? 0 : 0;
    return { ...base, records: docs.length, lines: n, ids: call.ids };
  }
  const sql = LINES_OF[call.model];
  const lines = sql && call.ids.length > 0 ? ((await tx.query(sql, [call.ids])).rows[0]?.n as number | undefined) ?? 0 : 0;
  return { ...base, records: call.ids.length, lines, ids: call.ids };
}

/** The database ids in `load`'s `.id` column (rows without one create records: nothing to repeat). */
function loadIds(fields: Json | undefined, rows: Json[]): number[] {
  const col = Array.isArray(fields) ? fields.indexOf('.id') : -1;
  if (col < 0) return [];
  return rows.flatMap((r) => {
    const id = Array.isArray(r) ? Number(r[col]) : NaN;
    return Number.isInteger(id) && id > 0 ? [id] : [];
  });
}

/** The work of a call that failed: only which call it was. */
export function failedWork(call: Call): CallWork {
  return { model: call.model, method: call.method, records: 0, lines: 0, returned: 0, failed: true };
}
