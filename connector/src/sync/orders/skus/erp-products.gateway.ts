/**
 * The ERP products the SKU screen reads (`product.product`: name, internal reference, barcode): the one place
 * naming that model and its fields for it. Same fields in Odoo 17, 18 and 19, over either transport.
 */
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';
import { optionalText, text } from '../erp/erp-rows.ts';

export interface ErpProduct {
  id: number;
  name: string;
  defaultCode: string | null;
  barcode: string | null;
}

const FIELDS = ['name', 'default_code', 'barcode'] as const;
const product = (r: ErpRecord): ErpProduct => ({ id: r.id, name: text(r, 'name'), defaultCode: optionalText(r, 'default_code'), barcode: optionalText(r, 'barcode') });

/** The product reads of the SKU screen over one ERP connection. */
export function erpProductsGateway(erp: ErpPort) {
  return {
    /** Products whose name, internal reference or barcode contains `q` (case-insensitive), by name; one call. */
    async search(q: string, limit: number): Promise<ErpProduct[]> {
      const domain = q ? ['|', '|', ['name', 'ilike', q], ['default_code', 'ilike', q], ['barcode', 'ilike', q]] as const : [];
      return (await erp.searchRead('product.product', domain, FIELDS, { limit, order: 'name asc, id asc' })).map(product);
    },
    /** The products of `ids` that exist (active ones; an archived product cannot be sold), one call. */
    async byIds(ids: readonly number[]): Promise<Map<number, ErpProduct>> {
      if (!ids.length) return new Map();
      const rows = await erp.searchRead('product.product', [['id', 'in', [...new Set(ids)]]], FIELDS);
      return new Map(rows.map((r) => [r.id, product(r)]));
    },
    /** Products whose internal reference or barcode is one of `codes`, oldest first: one call for the whole list. */
    async byCodes(codes: readonly string[]): Promise<ErpProduct[]> {
      if (!codes.length) return [];
      const rows = await erp.searchRead('product.product', ['|', ['default_code', 'in', codes], ['barcode', 'in', codes]], FIELDS, { order: 'id asc' });
      return rows.map(product);
    },
  };
}

export type ErpProductsGateway = ReturnType<typeof erpProductsGateway>;
