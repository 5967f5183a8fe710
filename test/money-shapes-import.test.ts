/**
 * Gross amounts into the ERP end to end (issue 8): the EU demo seller's orders in Amazon's `gross_with_tax` shape
 * (components VAT-inclusive, the TAX inside them) import over real HTTP into the ERP sandbox with Amazon's total
 * and Amazon's VAT to the minor unit, checked in the ERP by what it computes itself (price-included taxes).
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SELLERS } from '../sandbox/amazon/src/config.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { merchantOrders, verifyImport } from './support/verify-import.ts';

describe('Amazon\'s gross money shape into the ERP', () => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it('imports gross-with-tax orders at Amazon\'s total and VAT', async () => {
    const sellers = [{ ...DEFAULT_SELLERS[0]!, moneyShape: 'gross_with_tax' as const, extraCharges: true }, DEFAULT_SELLERS[1]!];
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'grossimp', amazon: { sellers } });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 150 });
    const merchant = merchantOrders(stack, ids);
    stack.startWorker('worker-a');
    await stack.waitForIdle(240_000, merchant);
    const summary = await verifyImport(stack, ids);
    // 150 orders of the realistic world: about a third merchant-fulfilled and importable (48 with this seed)
    expect(summary.imported).toBeGreaterThan(30);
  });
});
