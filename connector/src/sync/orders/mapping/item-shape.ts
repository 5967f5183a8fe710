/**
 * Which money shape Amazon used for one item, decided from Amazon's own arithmetic, never assumed. With `given` the
 * sum of the ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER and DISCOUNT breakdowns and `tax` the TAX breakdown:
 *
 * - `net_plus_tax`:    proceedsTotal = given + tax, tax not 0. The components are net, the tax is added (the
 *                      model's US and UK getOrder examples; the Amazon sandbox until issue 8).
 * - `gross_tax_given`: proceedsTotal = given, tax not 0. The components already include the tax given in TAX.
 * - `untaxed`:         tax 0.00 or no TAX breakdown (proceedsTotal = given). Either a real 0 % (export, reverse
 *                      charge, a sales-tax-free US sale) or a VAT-inclusive amount whose tax Amazon left out (the
 *                      model's UK and JP sandbox examples): the ORDER's VAT regime decides which (order-lines).
 *
 * Ambiguity rule: without a proceedsTotal an item with tax is `net_plus_tax` (every model example with a TAX
 * breakdown adds it; `unitPrice x quantity` cannot tell, since the model shows it equal to a net ITEM (UK, US) and
 * Amazon's sellers see it equal to a gross one). A proceedsTotal that fits neither sum is AMOUNT_SHAPE_UNKNOWN.
 */
export type AmountShape = 'net_plus_tax' | 'gross_tax_given' | 'untaxed';

export type ShapeDecision = { shape: AmountShape } | { unknown: string };

/** The shape of an item whose breakdowns sum to `given` (tax left out), with `tax` and Amazon's `total` if given. */
export function amountShape(given: bigint, tax: bigint, total: bigint | undefined): ShapeDecision {
  if (tax === 0n) {
    if (total === undefined || total === given) return { shape: 'untaxed' };
    return { unknown: `proceedsTotal ${total} is not the sum ${given} of the breakdowns (no tax)` };
  }
  if (total === undefined || total === given + tax) return { shape: 'net_plus_tax' };
  if (total === given) return { shape: 'gross_tax_given' };
  return { unknown: `proceedsTotal ${total} is neither the breakdowns plus tax (${given + tax}) nor the breakdowns alone (${given})` };
}
