/**
 * The refunds flow's ERP calls for many refunds at once (credit-refunds.ts): the credit notes already made for a
 * batch of refunds (one search), the orders' posted invoices (two reads), one reversal wizard for several
 * invoices (Odoo's `account.move.reversal` takes many `move_ids` and makes one credit note per invoice), the
 * credit notes read together, and the batch's reason replaced by each refund's own. Posting many at once is
 * `callMany('action_post')` (halved when the ERP refuses one).
 */
import { PermanentError } from '../../../core/errors.ts';
import type { Domain, ErpPort, ErpRecord } from '../../../erp/erp-port.ts';
import { ACCOUNT_MOVE, MOVE_FIELDS, m2oId, moveOf, type MoveView } from './credit-note.gateway.ts';
import { ownsReference } from './refund-reference.ts';

const REVERSAL = 'account.move.reversal';
/** Refund ids per look-up search (an OR of `ilike`s: long domains stay reasonable). */
const FIND_CHUNK = 50;

export interface MoveWithRef extends MoveView {
  ref: string | null;
}

export function creditNoteBatchGateway(erp: ErpPort) {
  const readMoves = async (ids: readonly number[]): Promise<Map<number, MoveWithRef>> => {
    if (!ids.length) return new Map();
    const rows = await erp.read(ACCOUNT_MOVE, [...new Set(ids)], [...MOVE_FIELDS, 'ref']);
    return new Map(rows.map((r) => [r.id, { ...moveOf(r), ref: typeof r.ref === 'string' ? r.ref : null }]));
  };
  return {
    readMoves,

    /** Per refund id, the credit notes (not cancelled) its reference names, oldest first (refund-reference.ts). */
    async findByRefunds(refundIds: readonly string[]): Promise<Map<string, MoveView[]>> {
      const out = new Map<string, MoveView[]>();
      for (let i = 0; i < refundIds.length; i += FIND_CHUNK) {
        const chunk = refundIds.slice(i, i + FIND_CHUNK);
        const any: Domain = [...chunk.slice(1).map(() => '|' as const), ...chunk.map((id) => ['ref', 'ilike', id] as [string, string, string])];
        const rows = await erp.searchRead(ACCOUNT_MOVE, [['move_type', '=', 'out_refund'], ['state', '!=', 'cancel'], ...any], [...MOVE_FIELDS, 'ref'], { order: 'id asc' });
        for (const id of chunk) {
          const mine = rows.filter((r) => typeof r.ref === 'string' && ownsReference(id, r.ref, m2oId(r.reversed_entry_id)));
          if (mine.length) out.set(id, mine.map(moveOf));
        }
      }
      return out;
    },

    /** The posted customer invoices of each sales order (two reads for all of them). */
    async postedInvoicesOfOrders(saleOrderIds: readonly number[]): Promise<Map<number, MoveView[]>> {
      if (!saleOrderIds.length) return new Map();
      const orders = await erp.read('sale.order', [...new Set(saleOrderIds)], ['invoice_ids']);
      const idsOf = (o: ErpRecord) => (Array.isArray(o.invoice_ids) ? (o.invoice_ids as number[]) : []);
      const moves = await readMoves(orders.flatMap(idsOf));
      return new Map(orders.map((o) => [o.id, idsOf(o).map((id) => moves.get(id)).filter((m): m is MoveWithRef => !!m && m.moveType === 'out_invoice' && m.state === 'posted')]));
    },

    /**
     * Writes each credit note's own `ref` (the refund's reason in place of its batch's) in one `load` (Odoo's import
     * of `.id` + `ref` rows: a write per record in one call); when the ERP refuses `load` or answers messages, one
     * `write` per credit note. Drafts only (before posting).
     */
    async writeRefs(rows: ReadonlyArray<{ id: number; ref: string }>): Promise<void> {
      if (!rows.length) return;
      let loaded = false;
      try {
        const answer = await erp.call(ACCOUNT_MOVE, 'load', null, { kwargs: { fields: ['.id', 'ref'], data: rows.map((r) => [String(r.id), r.ref]) } });
        const { ids, messages } = (answer ?? {}) as { ids?: unknown; messages?: unknown };
        loaded = Array.isArray(ids) && ids.length === rows.length && ids.every((id, i) => id === rows[i]!.id) && !(Array.isArray(messages) && messages.length);
      } catch (e) {
        if ((e as { kind?: string }).kind === 'retryable') throw e;
      }
      if (!loaded) for (const r of rows) await erp.write(ACCOUNT_MOVE, [r.id], { ref: r.ref });
    },

    /**
     * One reversal wizard for several invoices of one journal: one draft credit note per invoice (Odoo's
     * `reverse_moves`), all with `reason`. Answers the credit note of each invoice, read back by
     * `reversed_entry_id` from the wizard's `new_move_ids`.
     */
    async reverseMany(invoices: readonly MoveView[], reason: string): Promise<Map<number, MoveWithRef>> {
      const journal = invoices[0]?.journalId ?? null;
      if (journal === null || invoices.some((i) => i.journalId !== journal)) throw new PermanentError('ERP_PROTOCOL', 'one reversal wizard takes invoices of one journal');
      const ids = invoices.map((i) => i.id);
      const context = { active_model: ACCOUNT_MOVE, active_ids: ids, active_id: ids[0] };
      const [wizard] = await erp.create(REVERSAL, [{ reason, journal_id: journal }], { context });
      await erp.call(REVERSAL, 'refund_moves', [wizard!], { context });
      const [w] = await erp.read(REVERSAL, [wizard!], ['new_move_ids']);
      const made = await readMoves(Array.isArray(w?.new_move_ids) ? (w.new_move_ids as number[]) : []);
      return new Map([...made.values()].filter((m) => m.reversedEntryId !== null).map((m) => [m.reversedEntryId!, m]));
    },

  };
}
