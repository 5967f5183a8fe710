/**
 * The model's own money shape end to end without any tax_class_map row (issue 8): the EU demo seller's orders
 * with items VAT-inclusive and no TAX breakdown (`gross_no_tax`) import over real HTTP into the ERP sandbox, the
 * rate of each item taken from its ERP product's sales tax (`taxes_id`), at Amazon's total and VAT to the minor
 * unit as the ERP's price-included taxes compute them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SELLERS } from '../sandbox/amazon/src/config.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { merchantOrders, verifyImport } from './support/verify-import.ts';
import { expectationOf, type SandboxOrder as ExpectedOrder } from './support/expected-orders.ts';

interface SandboxOrder { orderItems: Array<{ product: { sellerSku: string } }> }
const catalogue = JSON.parse(readFileSync(new URL('../sandbox/catalogue/catalogue.json', import.meta.url), 'utf8')) as { products: Array<{ sellerSku: string; taxClass: string }> };
const REDUCED = catalogue.products.filter((p) => p.taxClass === 'reduced').map((p) => p.sellerSku);

describe("a gross without TAX taxed at the ERP product's own sales tax", () => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it('imports gross_no_tax orders with no tax_class_map at Amazon\'s total and VAT', async () => {
    const sellers = [{ ...DEFAULT_SELLERS[0]!, moneyShape: 'gross_no_tax' as const }, DEFAULT_SELLERS[1]!];
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'erptaxcls', amazon: { sellers }, taxClassMap: false });
    expect((await stack.env.core.lookups.getMany(stack.backendId, 'tax_class_map', ['*', ...REDUCED])).size).toBe(0);
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 150 });
    // reduced-rate goods (tea, coffee, books...) among them: the case a lone standard rate would get wrong
    const reduced = ids.filter((id) => (stack.amazon.getOrder(id).order as unknown as SandboxOrder).orderItems.some((i) => REDUCED.includes(i.product.sellerSku)));
    expect(reduced.length).toBeGreaterThan(10);
    const merchant = merchantOrders(stack, ids);
    stack.startWorker('worker-a');
    await stack.waitForIdle(240_000, merchant);
    const summary = await verifyImport(stack, ids);
    expect(summary.imported).toBeGreaterThan(30);
    // and reduced-rate goods among the imported ones, at their reduced rate (verifyImport checked their VAT)
    const importedReduced = reduced.filter((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as ExpectedOrder).kind === 'import');
    expect(importedReduced.length).toBeGreaterThan(5);
    // no rate left undecided, but for SKUs the ERP lacks (their SKU_UNMAPPED conflict comes first: no product, no tax)
    const { rows: undecided } = await stack.env.db.pool.query<{ amazon_key: string }>(
      `select amazon_key from sync_conflict c where backend_id = $1 and code = 'TAX_RATE_UNDECIDED' and not exists
         (select 1 from sync_conflict u where u.backend_id = c.backend_id and u.amazon_key = c.amazon_key and u.code = 'SKU_UNMAPPED')`,
      [stack.backendId],
    );
    expect(undecided).toEqual([]);
  });
});
