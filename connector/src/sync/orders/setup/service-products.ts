/**
 * The service products an Amazon order needs besides its goods: shipping, gift wrap, promotions (negative
 * lines: Odoo's discount is a percentage), rounding, COD fee and other charges. Found by internal reference
 * first, created when missing (without taxes: every line carries explicit taxes), bound as `product` bindings.
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import type { ServiceProducts } from '../mapping/order-map-context.ts';

export const SERVICE_PRODUCTS: Record<keyof ServiceProducts, { code: string; name: string }> = {
  shipping: { code: 'AMZ-SHIPPING', name: 'Amazon shipping' },
  giftWrap: { code: 'AMZ-GIFT-WRAP', name: 'Amazon gift wrap' },
  promotion: { code: 'AMZ-PROMOTION', name: 'Amazon promotion' },
  rounding: { code: 'AMZ-ROUNDING', name: 'Amazon rounding' },
  codFee: { code: 'AMZ-COD-FEE', name: 'Amazon cash on delivery fee' },
  other: { code: 'AMZ-OTHER', name: 'Amazon other charges' },
};

/** The binding key of a service product. */
export const serviceBindingKey = (kind: keyof ServiceProducts) => `service:${kind}`;

export interface EnsuredRecord {
  what: string;
  erpModel: string;
  erpId: number;
  created: boolean;
}

/** Finds or creates every service product (two ERP calls when all exist, three when some are missing). */
export async function ensureServiceProducts(erp: ErpPort): Promise<{ ids: ServiceProducts; records: EnsuredRecord[] }> {
  const kinds = Object.keys(SERVICE_PRODUCTS) as Array<keyof ServiceProducts>;
  const codes = kinds.map((k) => SERVICE_PRODUCTS[k].code);
  const found = await erp.searchRead('product.product', [['default_code', 'in', codes]], ['default_code'], {
    context: { active_test: false },
  });
  const byCode = new Map(found.map((r) => [String(r.default_code), r.id]));
  const missing = kinds.filter((k) => !byCode.has(SERVICE_PRODUCTS[k].code));
  if (missing.length) {
    const ids = await erp.create(
      'product.product',
      missing.map((k) => ({
        name: SERVICE_PRODUCTS[k].name,
        default_code: SERVICE_PRODUCTS[k].code,
        type: 'service',
        list_price: 0,
        sale_ok: true,
        invoice_policy: 'order',
        taxes_id: [[6, 0, []]],
      })),
    );
    missing.forEach((k, i) => byCode.set(SERVICE_PRODUCTS[k].code, ids[i]!));
  }
  const ids = Object.fromEntries(kinds.map((k) => [k, byCode.get(SERVICE_PRODUCTS[k].code)!])) as unknown as ServiceProducts;
  const records = kinds.map((k) => ({
    what: SERVICE_PRODUCTS[k].name,
    erpModel: 'product.product',
    erpId: ids[k],
    created: missing.includes(k),
  }));
  return { ids, records };
}
