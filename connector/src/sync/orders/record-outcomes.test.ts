import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../core/errors.ts';
import type { CoreServices } from '../../core/services.ts';
import type { RaiseInput } from '../../core/conflict/index.ts';
import { recordOutcomes, type ImportResult } from './record-outcomes.ts';
import type { OrderStateUpdate } from './order-sync-state.ts';
import { order } from './mapping/order.fixtures.ts';

const euOrder = () =>
  order('DE', [
    { id: 'A1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19, shipping: 490, giftWrap: 299, discount: -200 },
    { id: 'A2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 850, rate: 7 },
  ]);

describe('recordOutcomes', () => {
  it('an order the ERP refused for good is a visible conflict with its reason (the quoted values masked), not a bare failure', async () => {
    const raised: RaiseInput[] = [];
    const core = { conflicts: { raise: async (i: RaiseInput) => void raised.push(i) } } as unknown as CoreServices;
    const order = euOrder();
    const error = new PermanentError('ERP_VALIDATION', 'Contacts require a name', { odooMessage: "Invalid value 'Jana Novak' for field [name]", exceptionName: 'odoo.exceptions.ValidationError' });
    const stored = { amazonOrderId: order.orderId, lastUpdatedAt: new Date(), contentHash: 'h', order, piiRedactedAt: null };
    const states: OrderStateUpdate[] = [];
    const result: ImportResult = { imported: [], retry: [], retryAfterMs: 0, counts: {}, conflictCodes: {}, failedCodes: {} };
    await recordOutcomes(core, 1, [{ status: 'failed', record: { key: order.orderId, stored, order }, error } as never], states, result);
    expect(states).toEqual([{ amazonOrderId: order.orderId, state: 'conflict', code: 'ERP_VALIDATION' }]);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'order', amazonKey: order.orderId, code: 'ERP_VALIDATION', diff: { exceptionName: 'odoo.exceptions.ValidationError' } });
    expect(raised[0]!.message).toContain('The ERP refused the order (ERP_VALIDATION): Invalid value … for field …');
    expect(JSON.stringify(raised[0])).not.toContain('Jana Novak');
    expect(result.conflictCodes).toEqual({ ERP_VALIDATION: 1 });
  });
});
