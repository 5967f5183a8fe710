/**
 * Amazon order -> everything the ERP order needs, in one pure call: header vals, lines, customer, delivery
 * contact, the expected total (with a rounding line when Odoo's arithmetic lands at most one minor unit per line
 * away), withheld tax, shipped quantities; then the backend's mapping rows on top. Every problem is reported at
 * once, so a person fixes an order in one go.
 */
import { isFbaOrder } from '../fba-switch.ts';
import type { Order, OrderItem } from '../../../amazon/models/orders-v2026.ts';
import { applyRules, rulesFor } from '../../../core/mapper/apply-rules.ts';
import { currencyExponent, formatMinor, minorToNumber, moneyText, type MoneyText } from '../../../core/money.ts';
import { setIds } from './odoo-commands.ts';
import { orderContentHash } from '../order-content-hash.ts';
import { mapOrderLines, type LineDraft, type LineKind } from './order-lines.mapper.ts';
import { ProblemList, type MapProblem, type OrderMapContext } from './order-map-context.ts';
import { shippedQuantities } from '../../../amazon/order-units.ts';
import { expectedTax, expectedTotal, odooTotals, reconcile, type LineTax } from './order-total.ts';
import { orderVat } from './order-vat.ts';
import type { VatRegime } from '../../../core/vat/index.ts';
import { checkDeliveryAddress, mapCustomer, mapDelivery, type PartnerVals } from './partner.mapper.ts';
import { checkAmazonArithmetic } from './amazon-arithmetic.ts';
import { orderNote, saleOrderVals } from './sale-order.mapper.ts';
import { amazonMoneyFacts, amazonMoneyNotes } from './amazon-money-notes.ts';
import { isPriced, type ItemAmounts } from './item-amounts.ts';
import type { AmountShape } from './item-shape.ts';

export interface MappedLine {
  kind: LineKind;
  orderItemId?: string;
  sku?: string;
  quantity: number;
  priceUnit: MoneyText;
  tax: LineTax | null;
  /** sale.order.line vals in the backend's dialect (the workflow wraps them as [0, 0, vals]). */
  vals: Record<string, unknown>;
}

export interface MappedOrder {
  ok: true;
  orderId: string;
  currency: string;
  saleOrder: { vals: Record<string, unknown>; partnerKey: string; deliveryKey: string | null };
  lines: MappedLine[];
  partner: PartnerVals;
  delivery: PartnerVals | null;
  /** Amazon's total for the ERP order; the lines sum to it in the ERP (rounding line included). */
  expectedTotal: MoneyText;
  /** Amazon's tax the seller owes: the ERP order's tax must equal it (verify-imported checks). */
  expectedTax: MoneyText;
  /** How the order is taxed (core/vat) and the fiscal position its header carries (false: none, explicitly). */
  vat: { regime: VatRegime; taxCountry: string; shipTo: string; fiscalPositionId: number | false };
  erpTotals: { untaxed: MoneyText; tax: MoneyText; total: MoneyText };
  /** Tax Amazon withheld (marketplace facilitator, deemed supplier): recorded, never billed; who and under what scheme. */
  withheldTax: { total: MoneyText; byItem: Record<string, MoneyText>; collectedBy: string[]; reportingSchemes: string[] };
  /** How Amazon gave each item's money (item-shape.ts), and where the tax was computed, at which rate. */
  amountShapes: Record<string, { shape: AmountShape | 'gross_tax_computed'; rate?: string }>;
  /** Order-level money that is not the seller's revenue: kept out of the ERP order and its total (null: none). */
  deliveryTip: MoneyText | null;
  shipped: Record<string, number>;
  contentHash: string;
}

export type MapOrderResult = MappedOrder | { ok: false; problems: MapProblem[] };

/** Problems that make the amounts meaningless: no total check on top of them. */
const AMOUNT_PROBLEMS = new Set(['ORDER_MALFORMED', 'TAX_UNMAPPED', 'COUNTRY_UNKNOWN', 'CURRENCY_UNKNOWN', 'AMOUNT_SHAPE_UNKNOWN', 'TAX_RATE_UNDECIDED', 'ORDER_NOT_PRICED']);

/** The order's currency: the grand total's, else the first price's or breakdown's. */
function orderCurrency(order: Order): string | undefined {
  if (order.proceeds?.grandTotal) return order.proceeds.grandTotal.currencyCode;
  for (const i of order.orderItems) {
    const c = i.product.price?.unitPrice?.currencyCode ?? i.proceeds?.breakdowns?.[0]?.subtotal.currencyCode;
    if (c) return c;
  }
  return undefined;
}

function lineVals(line: LineDraft, currency: string, ctx: OrderMapContext): Record<string, unknown> {
  const vals: Record<string, unknown> = {
    product_id: line.productId,
    product_uom_qty: line.quantity,
    price_unit: minorToNumber(line.priceUnit, currency),
    [ctx.dialect.saleLineTaxesField]: setIds(line.tax ? [line.tax.taxId] : []),
  };
  if (ctx.uomUnitId !== undefined) vals[ctx.dialect.saleLineUomField] = ctx.uomUnitId;
  return vals;
}

/**
 * The tax the ERP order must show: Amazon's where Amazon gave it; where the seller owes a tax Amazon left out
 * (an untaxed gross, tax computed), the ERP's own price-included arithmetic is the only figure there is.
 */
function taxToExpect(amounts: readonly ItemAmounts[], erpTax: bigint): bigint {
  return amounts.some((a) => a.shape === 'gross_tax_computed' && !a.withheld) ? erpTax : expectedTax(amounts);
}

/** Maps one Amazon order for the ERP; `ok: false` carries every problem found. */
export function mapOrder(order: Order, ctx: OrderMapContext): MapOrderResult {
  const problems = new ProblemList();
  const currency = orderCurrency(order);
  try {
    if (currency === undefined) throw new Error('the order carries no amount, so no currency');
    currencyExponent(currency);
  } catch (e) {
    problems.add('ORDER_MALFORMED', `Order currency: ${(e as Error).message}`, { currency: currency ?? null });
    return { ok: false, problems: problems.items };
  }
  const marketplaceId = order.salesChannel.marketplaceId ?? '';
  const mkt = ctx.marketplaces.get(marketplaceId);
  if (!mkt) problems.add('SETUP_INCOMPLETE', `Marketplace ${marketplaceId || '(none)'} is not configured for this backend`, { marketplaceId });
  else if (mkt.currencyCode && mkt.currencyCode !== currency) {
    problems.add('CURRENCY_UNKNOWN', `Order in ${currency}, but marketplace ${marketplaceId} is set up for ${mkt.currencyCode}`, { marketplaceId, currency });
  }
  // Amazon has not priced the order yet (a pending order): nothing to book until it has; the disposition waits.
  const unpriced = order.orderItems.filter((i) => i.quantityOrdered > 0 && !isPriced(i));
  if (unpriced.length) {
    problems.add('ORDER_NOT_PRICED', `Amazon has not priced ${unpriced.length} item(s) yet (no proceeds): the order waits until it has`, {
      orderItemIds: unpriced.map((i) => i.orderItemId),
    });
    return { ok: false, problems: problems.items };
  }
  // A new merchant order must say where it goes; an imported one keeps its contact (its PII may be redacted since).
  if (ctx.creating) checkDeliveryAddress(order, problems);
  // Amazon's own arithmetic: money that does not add up never reaches the ERP (amazon-arithmetic.ts), and the
  // lines are not worked out from it (a negative tax has no rate to look up).
  if (!checkAmazonArithmetic(order, currency, problems)) return { ok: false, problems: problems.items };
  const partner = mapCustomer(order, ctx, problems);
  const delivery = mapDelivery(order, partner.key, ctx, problems);
  const header = saleOrderVals(order, mkt, problems);
  // An FBA order (fba flow on) leaves its pool's warehouse, whatever the marketplace map says.
  if (ctx.fbaWarehouses && isFbaOrder(order)) {
    const warehouseId = ctx.fbaWarehouses.get(marketplaceId);
    if (warehouseId === undefined) problems.add('SETUP_INCOMPLETE', `No FBA warehouse for marketplace ${marketplaceId}: run the set-up with the fba flow on`, { marketplaceId });
    else header.warehouse_id = warehouseId;
  }
  // A new merchant order's carrier, from the carrier map (FBA orders: Amazon ships them with its own).
  if (ctx.carriers && ctx.creating && !isFbaOrder(order)) {
    const carrier = ctx.carriers.find(order.fulfillment?.fulfillmentServiceLevel, marketplaceId || undefined);
    if (carrier) header.carrier_id = carrier.carrierId;
  }
  const vat = orderVat(order, ctx, problems);
  const { lines, amounts, withheldByItem, withheldTotal } = mapOrderLines(order, currency, vat, ctx, problems);

  const money = amazonMoneyFacts(order, currency, problems);
  const expected = expectedTotal(amounts);
  if (vat && !problems.items.some((p) => AMOUNT_PROBLEMS.has(p.code))) {
    const r = reconcile(expected, odooTotals(lines, ctx.roundingMethod).total, lines.length);
    if ('mismatch' in r) {
      problems.add('TOTAL_MISMATCH', `The ERP would total ${formatMinor(expected - r.mismatch, currency)} ${currency}, Amazon says ${formatMinor(expected, currency)}`, {
        expected: formatMinor(expected, currency), erp: formatMinor(expected - r.mismatch, currency), currency, lines: lines.length,
      });
    } else if (r.rounding !== 0n) {
      lines.push({ kind: 'rounding', productId: ctx.serviceProducts.rounding, quantity: 1, priceUnit: r.rounding, tax: null });
    }
  }
  if (problems.items.length || !vat) return { ok: false, problems: problems.items };

  const rules = ctx.rules ?? [];
  const lookups = ctx.lookups ?? {};
  const opts = { creating: ctx.creating };
  const itemsById = new Map<string, OrderItem>(order.orderItems.map((i) => [i.orderItemId, i]));
  const lineRules = rulesFor(rules, 'sale.order.line');
  const totals = odooTotals(lines, ctx.roundingMethod);
  const notes = amazonMoneyNotes(money, withheldTotal, vat.regime, currency);
  if (notes.length) header.note = orderNote(order, notes);
  return {
    ok: true,
    orderId: order.orderId,
    currency,
    saleOrder: {
      // The fiscal position always explicit: given nothing, Odoo would pick one by itself from the partner.
      vals: { ...header, fiscal_position_id: vat.fiscalPositionId, ...applyRules(rulesFor(rules, 'sale.order'), order, lookups, opts) },
      partnerKey: partner.key,
      deliveryKey: delivery?.key ?? null,
    },
    lines: lines.map((l) => {
      const item = l.orderItemId === undefined ? undefined : itemsById.get(l.orderItemId);
      // Line rows see the Amazon item, with its order under `order`; service lines have no item to map from.
      const extra = item && lineRules.length ? applyRules(lineRules, { ...item, order }, lookups, opts) : {};
      const { kind, orderItemId, sku, quantity, tax } = l;
      return { kind, orderItemId, sku, quantity, tax, priceUnit: moneyText(l.priceUnit, currency), vals: { ...lineVals(l, currency, ctx), ...extra } };
    }),
    partner: { key: partner.key, vals: { ...partner.vals, ...applyRules(rulesFor(rules, 'res.partner'), order, lookups, opts) } },
    delivery: delivery && { key: delivery.key, vals: { ...delivery.vals, ...applyRules(rulesFor(rules, 'delivery'), order, lookups, opts) } },
    expectedTotal: moneyText(expected, currency),
    expectedTax: moneyText(taxToExpect(amounts, totals.tax), currency),
    vat: { regime: vat.regime, taxCountry: vat.taxCountry, shipTo: vat.shipTo, fiscalPositionId: vat.fiscalPositionId },
    erpTotals: { untaxed: moneyText(totals.untaxed, currency), tax: moneyText(totals.tax, currency), total: moneyText(totals.total, currency) },
    withheldTax: {
      total: moneyText(withheldTotal, currency),
      byItem: Object.fromEntries(Object.entries(withheldByItem).map(([id, v]) => [id, moneyText(v, currency)])),
      collectedBy: money.collectedBy,
      reportingSchemes: money.reportingSchemes,
    },
    amountShapes: Object.fromEntries(order.orderItems.map((i, n) => [i.orderItemId, { shape: amounts[n]!.shape, ...(amounts[n]!.rate ? { rate: amounts[n]!.rate } : {}) }])),
    deliveryTip: money.deliveryTip === 0n ? null : moneyText(money.deliveryTip, currency),
    shipped: shippedQuantities(order),
    contentHash: orderContentHash(order),
  };
}
