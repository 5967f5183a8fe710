/**
 * The ERP records the marketplace screen's pickers offer: the one place naming those models and fields (the same
 * in Odoo 17, 18 and 19, over either transport). Each kind answers id, a display name and a few facts.
 */
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const ERP_CHOICE_KINDS = ['warehouses', 'pricelists', 'teams', 'fiscal-positions', 'carriers', 'taxes'] as const;
export type ErpChoiceKind = (typeof ERP_CHOICE_KINDS)[number];

export interface ErpChoice {
  id: number;
  name: string;
  /** What tells two alike apart: a warehouse's code, a pricelist's currency, a tax's rate. */
  detail: string | null;
}

const m2oName = (r: ErpRecord, f: string) => (Array.isArray(r[f]) ? String((r[f] as unknown[])[1]) : null);
const str = (r: ErpRecord, f: string) => (typeof r[f] === 'string' && r[f] ? (r[f] as string) : null);

/** Per kind: the model, its fields and the row's choice. */
const KINDS: Record<ErpChoiceKind, { model: string; fields: string[]; domain?: unknown[]; row: (r: ErpRecord) => ErpChoice }> = {
  warehouses: { model: 'stock.warehouse', fields: ['name', 'code'], row: (r) => ({ id: r.id, name: String(r.name), detail: str(r, 'code') }) },
  pricelists: { model: 'product.pricelist', fields: ['name', 'currency_id'], row: (r) => ({ id: r.id, name: String(r.name), detail: m2oName(r, 'currency_id') }) },
  teams: { model: 'crm.team', fields: ['name'], row: (r) => ({ id: r.id, name: String(r.name), detail: null }) },
  'fiscal-positions': { model: 'account.fiscal.position', fields: ['name', 'country_id'], row: (r) => ({ id: r.id, name: String(r.name), detail: m2oName(r, 'country_id') }) },
  carriers: { model: 'delivery.carrier', fields: ['name'], row: (r) => ({ id: r.id, name: String(r.name), detail: null }) },
  taxes: {
    model: 'account.tax',
    fields: ['name', 'amount', 'price_include', 'country_id'],
   
    domain: [['type_tax_use', '=', 'sale']],
    row: (r) => ({ id: r.id, name: String(r.name), detail: [`${String(r.amount)} %`, r.price_include === true ? 'incl.' : null, m2oName(r, 'country_id')].filter(Boolean).join(' ') }),
  },
};

/** The ERP's records of `kind` (active ones, by name; at most 500). */
export function erpChoicesGateway(erp: ErpPort) {
  return {
    async list(kind: ErpChoiceKind): Promise<ErpChoice[]> {
      const k = KINDS[kind];
      // The backend's company applies through the call context (allowed_company_ids): Odoo's record rules filter.
      const domain = (k.domain ?? []) as Parameters<ErpPort['searchRead']>[1];
      return (await erp.searchRead(k.model, domain, k.fields, { limit: 500, order: 'name asc, id asc' })).map(k.row);
    },
    /** The ids of `ids` that exist as `kind` records (one call). */
    async existing(kind: ErpChoiceKind, ids: readonly number[]): Promise<Set<number>> {
      if (!ids.length) return new Set();
      return new Set(await erp.search(KINDS[kind].model, [['id', 'in', [...new Set(ids)]]]));
    },
  };
}
