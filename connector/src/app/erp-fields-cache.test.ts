import { describe, expect, it } from 'vitest';
import type { ErpPort } from '../erp/erp-port.ts';
import { createErpFieldsCache } from './erp-fields-cache.ts';

describe('the ERP fields cache', () => {
  it('shapes fields_get, drops bookkeeping fields, keeps a minute, asks again when fresh or after a failure', async () => {
    let asked = 0;
    let fail = false;
    const erp = {
      fieldsGet: async (model: string, attributes?: readonly string[]) => {
        asked++;
        expect(attributes).toContain('relation');
        if (fail) throw new Error('down');
        return {
          id: { type: 'integer', string: 'ID' },
          x_po: { type: 'char', string: 'PO', required: false, readonly: false },
          partner_id: { type: 'many2one', string: 'Customer', required: true, relation: 'res.partner' },
          state: { type: 'selection', string: 'Status', readonly: true, selection: [['draft', 'Quotation']] },
          write_date: { type: 'datetime', string: 'Last Updated on' },
        };
      },
    } as unknown as ErpPort;
    let t = 0;
    const cache = createErpFieldsCache(60_000, () => t);
    const fields = await cache.fields(1, erp, 'sale.order');
    expect(fields.map((f) => f.name)).toEqual(['partner_id', 'state', 'x_po']);
    expect(fields[0]).toEqual({ name: 'partner_id', label: 'Customer', type: 'many2one', required: true, readonly: false, relation: 'res.partner', selection: null, custom: false });
    expect(fields[1]!.selection).toEqual([['draft', 'Quotation']]);
    expect(fields[2]!.custom).toBe(true);
    await cache.fields(1, erp, 'sale.order');
    expect(asked).toBe(1);
    await cache.fields(1, erp, 'sale.order', true);
    expect(asked).toBe(2);
    t = 61_000;
    fail = true;
    await expect(cache.fields(1, erp, 'sale.order')).rejects.toThrow('down');
    fail = false;
    await cache.fields(1, erp, 'sale.order');
    expect(asked).toBe(4);
  });
});
