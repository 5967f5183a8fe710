/**
 * Gross amounts into the ERP end to end (issue 8): the EU demo seller's orders in Amazon's `gross_with_tax` shape
 * (components VAT-inclusive, the TAX inside them) import over real HTTP into the ERP sandbox with Amazon's total
 * and Amazon's VAT to the minor unit, checked in the ERP by what it computes itself (price-included taxes).
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SELLERS } from '../sandbox/amazon/src/config.ts';
import { LEGACY_WORLD } from '../sandbox/amazon/src/generator/world-shares.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { merchantOrders, verifyImport } from './support/verify-import.ts';

describe('Amazon\'s gross money shape into the ERP', () => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it('imports gross-with-tax orders at Amazon\'s total and VAT', async () => {
    // The pre-issue-8 world (nearly all merchant-fulfilled), so that most of the 150 orders exercise the money shape.
    const sellers = [{ ...DEFAULT_SELLERS[0]!, world: LEGACY_WORLD, moneyShape: 'gross_with_tax' as const, extraCharges: true }, DEFAULT_SELLERS[1]!];
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'grossimp', amazon: { sellers } });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 150 });
    const merchant = merchantOrders(stack, ids);
    stack.startWorker('worker-a');
    await stack.waitForIdle(240_000, merchant);
    const summary = await verifyImport(stack, ids);
    expect(summary.imported).toBeGreaterThan(60);
  });
});
