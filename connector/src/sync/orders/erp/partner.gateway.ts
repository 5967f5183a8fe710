/** The orders flow's access to the ERP's contacts (customers and delivery addresses): the one place naming `res.partner`. */
import type { CreateResult, ErpPort, Vals } from '../../../erp/erp-port.ts';
import { text } from './erp-rows.ts';

/** The ERP model of customers and delivery contacts (bindings of kind `partner` and `delivery_address`). */
export const PARTNER_MODEL = 'res.partner';

/** The typed res.partner calls of the orders flow over one ERP connection. */
export function partnerGateway(erp: ErpPort) {
  return {
    /** Contacts (archived ones too) whose reference is one of `refs`, ref -> id; the oldest wins a tie. One call. */
    async findByRefs(refs: readonly string[]): Promise<Map<string, number>> {
      const rows = await erp.searchRead(PARTNER_MODEL, [['ref', 'in', refs]], ['ref'], { order: 'id asc', context: { active_test: false } });
      const byRef = new Map<string, number>();
      for (const row of rows) {
        const ref = text(row, 'ref');
        if (!byRef.has(ref)) byRef.set(ref, row.id);
      }
      return byRef;
    },

    /** Creates contacts, each with its reference, `batchSize` per call; one result per input, in input order. */
    create(contacts: ReadonlyArray<{ vals: Vals; ref: string }>, batchSize: number): Promise<CreateResult[]> {
      return erp.createMany(PARTNER_MODEL, contacts.map((c) => ({ ...c.vals, ref: c.ref })), { batchSize });
    },
  };
}

/** The res.partner gateway of one ERP connection. */
export type PartnerGateway = ReturnType<typeof partnerGateway>;
