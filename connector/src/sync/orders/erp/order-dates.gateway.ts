/**
 * The Amazon purchase date written back on confirmed ERP orders, a batch per call (the orders flow's date step,
 * steps/purchase-date.ts, through the sale.order gateway).
 */
import { classify, type SyncError } from '../../../core/errors.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';

const SALE_ORDER_MODEL = 'sale.order';

/** Rows of one `load` call writing order dates (the size of an import batch). */
export const LOAD_ROWS = 200;

/**
 * Writes each order's date (Odoo's `action_confirm` overwrites date_order with the confirmation time; a write on
 * the confirmed order is accepted and kept), up to LOAD_ROWS orders in ONE call: Odoo's import method
 * `load(['.id', 'date_order'], rows)` updates the record each row's database id names, converting the text
 * from the context's `tz` (UTC here, as the dates are UTC). `load` answers problems as messages and keeps
 * nothing then; on such an answer, or when the ERP refuses the method (rights, a server without it), the dates
 * go by `write`, one call per distinct date, which tells which orders fail. Resolves to the ids whose date was
 * not written, with the error; after a retryable error the rest is not sent (the read-back repairs them).
 */
export async function writeOrderDates(erp: ErpPort, dates: ReadonlyMap<number, string>): Promise<Map<number, SyncError>> {
  const failed = new Map<number, SyncError>();
  const entries = [...dates];
  for (let i = 0; i < entries.length; i += LOAD_ROWS) {
    const chunk = entries.slice(i, i + LOAD_ROWS);
    const loaded = await loadDates(erp, chunk);
    if (loaded === true) continue;
    const errors = loaded === false ? await writeDates(erp, chunk) : new Map(chunk.map(([id]) => [id, loaded]));
    for (const [id, error] of errors) failed.set(id, error);
    // A down ERP is not asked again for every chunk: the rest waits for the next read-back.
    const down = [...errors.values()].find((e) => e.kind === 'retryable');
    if (down) {
      for (const [id] of entries.slice(i + LOAD_ROWS)) failed.set(id, down);
      break;
    }
  }
  return failed;
}

/**
 * One `load` of `[id, date]` rows: true when every row was written, false when the ERP answered with messages or
 * refused the method (the caller writes them one date at a time), the error when the ERP is down or timed out.
 */
async function loadDates(erp: ErpPort, rows: ReadonlyArray<readonly [number, string]>): Promise<true | false | SyncError> {
  try {
    const answer = await erp.call(SALE_ORDER_MODEL, 'load', null, {
      kwargs: { fields: ['.id', 'date_order'], data: rows.map(([id, date]) => [String(id), date]) },
      context: { tz: 'UTC' },
    });
    return loadSucceeded(answer, rows.map(([id]) => id));
  } catch (e) {
    const error = classify(e);
    return error.kind === 'retryable' ? error : false;
  }
}

/** One write per distinct date (the orders of one second share a call); the ids whose write failed. */
async function writeDates(erp: ErpPort, rows: ReadonlyArray<readonly [number, string]>): Promise<Map<number, SyncError>> {
  const idsByDate = new Map<string, number[]>();
  for (const [id, date] of rows) idsByDate.set(date, [...(idsByDate.get(date) ?? []), id]);
  const failed = new Map<number, SyncError>();
  let down: SyncError | undefined;
  for (const [date, ids] of idsByDate) {
    try {
      if (down) throw down;
      await erp.write(SALE_ORDER_MODEL, ids, { date_order: date });
    } catch (e) {
      const error = classify(e);
      if (error.kind === 'retryable') down = error;
      for (const id of ids) failed.set(id, error);
    }
  }
  return failed;
}

/**
 * Whether `load` answered every row written: no error message, and the ids of the rows' records, in row order (an
 * answer naming other records, from a customised `load`, is not trusted: the caller then writes the dates itself).
 */
function loadSucceeded(answer: unknown, rowIds: readonly number[]): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const { ids, messages } = answer as { ids?: unknown; messages?: unknown };
  const errors = Array.isArray(messages) && messages.some((m) => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'error');
  return !errors && Array.isArray(ids) && ids.length === rowIds.length && ids.every((id, i) => id === rowIds[i]);
}
