/**
 * What a call costs a real Odoo 19 (milliseconds of its one shared process), from what the call does: the model,
 * the method, and how many records and lines it touches. Measured figures come from
 * `odoo-19-recordings/timing.md` (Odoo 19.0 Community, workers = 0, PostgreSQL on the same 2-core VM); the others
 * are assumptions, each with its reason in sandbox/erp/README.md ("The cost model").
 */

/** What one call did, as the cost table needs it. */
export interface CallWork {
  model: string;
  method: string;
  /** Records the call creates, writes, deletes or acts on (vals_list entries or ids). */
  records: number;
  /** Lines: one2many rows created with the records (create / write), or the records' product lines (actions). */
  lines: number;
  /** Records a read-like call answers with (search, read, search_read, name_search). */
  returned: number;
  /** The call failed (the transaction was rolled back): only its overhead is charged. */
  failed: boolean;
  /**
   * The existing records the call acts on by id (write, unlink, read, actions; `load`'s `.id` column), when known:
   * the cost model counts a record the same operation already worked on as repeated work.
   */
  ids?: readonly number[];
}

export interface Cost {
  /** Modelled milliseconds in all. */
  ms: number;
  /** The part of `ms` that does not depend on the number of records (what batching saves). */
  overheadMs: number;
}

/** Per call of a writing method: dispatch, environment, flush, recomputations, commit (timing.md: 0.05-0.1 s). */
export const WRITE_OVERHEAD_MS = 60;
/** Per call of a read-only method: dispatch and a query, no flush nor commit work (assumption). */
export const READ_OVERHEAD_MS = 15;

/** Orders per confirmation call up to which the cost per order stays flat (timing.md: linear up to 200). */
export const LINEAR_UP_TO = 200;
/** Beyond LINEAR_UP_TO the cost per order grows by 1/GROWTH_ORDERS per order: 500 at once took 74 ms/order vs 55.5. */
const GROWTH_ORDERS = 900;

interface PerRecord {
  overhead: number;
  perRecord: number;
  perLine: number;
  perReturned: number;
}

const write = (perRecord: number, perLine: number, overhead = WRITE_OVERHEAD_MS): PerRecord => ({ overhead, perRecord, perLine, perReturned: 0 });
const read = (perReturned: number, overhead = READ_OVERHEAD_MS): PerRecord => ({ overhead, perRecord: 0, perLine: 0, perReturned });

/**
 * sale.order create: 60 + 10.5 ms per two-line order fits timing.md's 0.07 / 0.18 / 0.56 / 1.11 / 2.17 s for
 * N = 1 / 10 / 50 / 100 / 200; split as 4.5 per order + 3 per line (assumption: the lines carry the tax and price
 * computations). action_confirm: 60 + 55.5 ms per two-line order fits 0.13 / 0.58 / 2.76 / 5.54 / 11.2 s; split as
 * 25 per order (the picking, the procurement group, the order's state) + 15 per product line (a stock move and its
 * reservation) (assumption).
 */
const SPECIFIC: Record<string, PerRecord> = {
  'sale.order.create': write(4.5, 3),
  'sale.order.action_confirm': write(25, 15),
  'res.partner.create': write(5, 0),
  'res.partner.write': write(3, 0),
  /**
   * The delivery lifecycle (issue 10). timing.md has no figure for these; the lifecycle recordings' own clock
   * does: over JSON-RPC, 80 calls (about 25 of them writing) took 9-10 s, about 340 ms per writing call once the
   * reads (~15-20 ms) are set aside, and the stretches between two `write_date` seconds put a one-move validation
   * at 0.3-1 s (lines 16-22: a write, three searches and the validation within 2 s). Split (assumption) as: a
   * validation 300 ms per transfer (quants, moves, valuation, chatter) + 40 per move; the backorder wizard the same
   * plus the backorder (340 + 50, per transfer it validates); invoicing 250 per order + 50 per product line (the
   * invoice, its taxes and lines); posting 150 per invoice + 25 per line (sequence, lock dates, reconcilable lines);
   * cancelling an order 100 + 20 per line (its deliveries and invoices), a transfer 60 + 20 per move. With the
   * measured create / confirm figures this prices the JSON-RPC lifecycle file at ~7.6 s of Odoo time (measured by replaying it with the model on).
   */
  'account.move.action_post': write(150, 25),
  'stock.picking.button_validate': write(300, 40),
  'stock.picking.action_cancel': write(60, 20),
  'stock.backorder.confirmation.process': write(340, 50),
  'stock.backorder.confirmation.process_cancel_backorder': write(300, 40),
  'sale.advance.payment.inv.create_invoices': write(250, 50),
  'sale.order.action_cancel': write(100, 20),
  // The 17/18 cancel wizard runs the same cancellation; a chatter note is one message insert and its
  // notifications (assumption: 15 ms, no recording times it).
  'sale.order.cancel.action_cancel': write(100, 20),
  'sale.order.message_post': write(15, 0),
  /**
   * Returns and credit notes (issue 14). The recordings carry no timing of these (returns-refunds-json2.jsonl has
   * no clock of its own), so all are assumptions scaled on the measured neighbours: a return creates, confirms and
   * reserves a receipt (150 per wizard + 30 per wizard line, about a confirmation's picking and moves); a reversal
   * writes credit notes like invoicing does (250 per reversed invoice + 50 per product line); matching items writes
   * partials, perhaps a full reconcile, and recomputes the moves' residuals and payment states (40 per item,
   * 80 per invoice for `js_assign_outstanding_line`).
   */
  'stock.return.picking.action_create_returns': write(150, 30),
  'account.move.reversal.refund_moves': write(250, 50),
  'account.move.line.reconcile': write(40, 0),
  'account.move.js_assign_outstanding_line': write(80, 0),
  'stock.picking.message_post': write(15, 0),
  /**
   * Payments and bank statement lines (issue 16). accounting-json2.jsonl has no clock of its own either:
   * assumptions scaled on posting (150 per move + 25 per line). Registering a payment creates and posts its
   * two-item entry and matches it with the invoices (200 per wizard); the wizard's create reads the invoices' open
   * items (30); a statement line is a posted two-item entry without taxes (100 per line); a bank journal creates its
   * account and payment method lines (40 per journal).
   */
  'account.payment.register.action_create_payments': write(200, 0),
  'account.payment.register.create': write(30, 0),
  'account.bank.statement.line.create': write(100, 0),
  'account.journal.create': write(40, 0),
};

const GENERIC: Record<string, PerRecord> = {
  create: write(5, 3),
  write: write(2, 3, 40),
  unlink: write(3, 0, 40),
  /**
   * The import's `load(fields, data)`: per row, a search on its `.id`, the text conversion and a write of the
   * record (flushed together at the end); per call the overhead of a writing call (savepoints, the converter's setup,
   * the flush and commit). Assumption: a write's 2 ms per record plus 1 ms for the row's search and conversion.
   */
  load: write(3, 0),
  search: read(0.02),
  search_count: read(0),
  read: read(0.2),
  search_read: read(0.2),
  name_search: read(0.2),
  fields_get: read(0, 25),
  context_get: read(0, 5),
  /** Any other business method (action_*, button_*): documents with accounting or stock effects. */
  action: write(30, 10),
};

/** The superlinear growth of big confirmations (timing.md: 500 orders in one call took 37 s, 74 ms per order). */
function growth(key: string, records: number): number {
  return key === 'sale.order.action_confirm' && records > LINEAR_UP_TO ? 1 + (records - LINEAR_UP_TO) / GROWTH_ORDERS : 1;
}

/** The modelled cost of one call. */
export function costOf(work: CallWork): Cost {
  const key = `${work.model}.${work.method}`;
  const row = SPECIFIC[key] ?? GENERIC[work.method] ?? GENERIC.action!;
  if (work.failed) return { ms: row.overhead, overheadMs: row.overhead };
  const variable = (row.perRecord * work.records + row.perLine * work.lines) * growth(key, work.records) + row.perReturned * work.returned;
  return { ms: row.overhead + variable, overheadMs: row.overhead };
}

/**
 * What the modelled Odoo can take at best: orders per second of create + action_confirm alone, in calls of
 * LINEAR_UP_TO orders of `linesPerOrder` lines (timing.md's 15 orders/s for two-line orders).
 */
export function maxOrdersPerSecond(linesPerOrder: number): number {
  const n = LINEAR_UP_TO;
  const lines = n * linesPerOrder;
  const ms = costOf({ model: 'sale.order', method: 'create', records: n, lines, returned: 0, failed: false }).ms
    + costOf({ model: 'sale.order', method: 'action_confirm', records: n, lines, returned: 0, failed: false }).ms;
  return n / (ms / 1000);
}
