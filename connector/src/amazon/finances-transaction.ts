/**
 * One Finances 2024-06-19 transaction read at the boundary: checked against the model's shape, its amounts turned
 * into minor units of their currency. Amazon sends amounts as JSON numbers (`BigDecimal`), so the answer is parsed
 * with lossless-json (finances-api.ts) and every number arrives here as its own digits (a LosslessNumber): no float
 * ever holds an amount, and `core/money.ts` reads the digits. A transaction that cannot be read is reported with a
 * stable code instead of failing its page. Protocol only: breakdown types, identifiers and contexts are kept as
 * Amazon names them (its breakdown types are free text), nothing is mapped.
 */
import { isLosslessNumber } from 'lossless-json';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { toMinor } from '../core/money.ts';

/** The statuses Amazon documents; its Transaction example writes `Released`, so the case is not trusted. */
export const TRANSACTION_STATUSES = ['RELEASED', 'DEFERRED', 'DEFERRED_RELEASED'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

// A LosslessNumber (its digits in `value`); isLosslessNumber() is asked again before its digits are believed.
const Num = Type.Object({ value: Type.String(), isLosslessNumber: Type.Literal(true) });
const Money = Type.Object({ currencyCode: Type.String(), currencyAmount: Num });
const Text = Type.Optional(Type.String());
const Breakdown = Type.Cyclic(
  { Breakdown: Type.Object({ breakdownType: Type.String(), breakdownAmount: Money, breakdowns: Type.Optional(Type.Array(Type.Ref('Breakdown'))) }) },
  'Breakdown',
);
// The model's own Transaction example wraps the list in an object ({"breakdowns": [...]}); both are read.
const Breakdowns = Type.Optional(Type.Union([Type.Array(Breakdown), Type.Object({ breakdowns: Type.Array(Breakdown) })]));
const Context = Type.Object({
  contextType: Type.String(),
  // ProductContext, DeferredContext, AmazonPayContext / BusinessContext, PaymentsContext, TimeRangeContext.
  asin: Text, sku: Text, quantityShipped: Type.Optional(Num), fulfillmentNetwork: Text,
  deferralReason: Text, maturityDate: Text, storeName: Text, orderType: Text, channel: Text,
  paymentType: Text, paymentMethod: Text, paymentReference: Text, paymentDate: Text, startTime: Text, endTime: Text,
});
const Item = Type.Object({
  description: Text,
  relatedIdentifiers: Type.Optional(Type.Array(Type.Object({ itemRelatedIdentifierName: Type.String(), itemRelatedIdentifierValue: Type.String() }))),
  totalAmount: Type.Optional(Money),
  breakdowns: Breakdowns,
  contexts: Type.Optional(Type.Array(Context)),
});
const Transaction = Type.Object({
  sellingPartnerMetadata: Type.Optional(Type.Object({ sellingPartnerId: Text, accountType: Text, marketplaceId: Text })),
  relatedIdentifiers: Type.Optional(Type.Array(Type.Object({ relatedIdentifierName: Type.String(), relatedIdentifierValue: Type.String() }))),
  transactionType: Type.String(),
  transactionId: Type.String({ minLength: 1 }),
  transactionStatus: Type.String(),
  description: Text,
  postedDate: Type.String(),
  totalAmount: Money,
  marketplaceDetails: Type.Optional(Type.Object({ marketplaceId: Text, marketplaceName: Text })),
  items: Type.Optional(Type.Array(Item)),
  contexts: Type.Optional(Type.Array(Context)),
  breakdowns: Breakdowns,
});
const checkTransaction = Compile(Transaction);
type RawMoney = Static<typeof Money>;
type RawBreakdown = { breakdownType: string; breakdownAmount: RawMoney; breakdowns?: RawBreakdown[] };
type RawContext = Static<typeof Context>;

/** An amount in minor units of its currency (-12.90 EUR is { minor: -1290n, currency: 'EUR' }). */
export interface MinorAmount {
  minor: bigint;
  currency: string;
}
export interface FinanceBreakdown {
  /** Amazon's breakdown type as sent ("Product Charges", "Tax", ...). */
  type: string;
  amount: MinorAmount;
  breakdowns: FinanceBreakdown[];
}
/** One context (ProductContext, DeferredContext, ...): its contextType and the fields it carries. */
export type FinanceContext = Omit<RawContext, 'quantityShipped'> & { quantityShipped?: number };
export interface RelatedIdentifier {
  name: string;
  value: string;
}
export interface FinanceItem {
  description?: string;
  /** ORDER_ADJUSTMENT_ITEM_ID, COUPON_ID, REMOVAL_SHIPMENT_ITEM_ID, TRANSACTION_ID... */
  relatedIdentifiers: RelatedIdentifier[];
  totalAmount?: MinorAmount;
  breakdowns: FinanceBreakdown[];
  contexts: FinanceContext[];
}
export interface FinanceTransaction {
  transactionId: string;
  /** Free text ("Shipment", "Refund", ...). */
  transactionType: string;
  transactionStatus: TransactionStatus;
  postedDate: string;
  description?: string;
  marketplaceDetails?: { marketplaceId?: string; marketplaceName?: string };
  sellingPartnerMetadata?: { sellingPartnerId?: string; accountType?: string; marketplaceId?: string };
  totalAmount: MinorAmount;
  /** ORDER_ID, REFUND_ID, SHIPMENT_ID, DEFERRED_TRANSACTION_ID, RELEASE_TRANSACTION_ID, SETTLEMENT_ID... */
  relatedIdentifiers: RelatedIdentifier[];
  items: FinanceItem[];
  breakdowns: FinanceBreakdown[];
  contexts: FinanceContext[];
}
/** A transaction of a page that could not be read; the others of the page are. */
export interface TransactionFailure {
  /** Its place in the page. */
  index: number;
  transactionId?: string;
  code: 'FINANCE_TRANSACTION_MALFORMED' | 'FINANCE_AMOUNT_UNREADABLE';
  /** Where and what (JSON pointers, never the payload). */
  problems: string[];
}

export type ReadResult = { ok: true; transaction: FinanceTransaction } | { ok: false; failure: Omit<TransactionFailure, 'index'> };

/** Reads one transaction of a losslessly parsed page. */
export function readTransaction(raw: unknown): ReadResult {
  const id = typeof raw === 'object' && raw !== null && typeof (raw as { transactionId?: unknown }).transactionId === 'string' ? (raw as { transactionId: string }).transactionId : undefined;
  const withId = id ? { transactionId: id } : {};
  if (!checkTransaction.Check(raw)) {
    const problems = [...checkTransaction.Errors(raw)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`);
    return { ok: false, failure: { ...withId, code: 'FINANCE_TRANSACTION_MALFORMED', problems } };
  }
  const shapeProblems: string[] = [];
  const status = raw.transactionStatus.toUpperCase() as TransactionStatus;
  if (!TRANSACTION_STATUSES.includes(status)) shapeProblems.push(`/transactionStatus: "${raw.transactionStatus.slice(0, 40)}" is not a documented status`);
  if (!isDateTime(raw.postedDate)) shapeProblems.push('/postedDate: not an ISO 8601 date-time');
  const amounts = new AmountReader();
  const contexts = (list: RawContext[] | undefined, at: string) => (list ?? []).map((c, i) => readContext(c, `${at}/contexts/${i}`, shapeProblems));
  const transaction: FinanceTransaction = {
    transactionId: raw.transactionId,
    transactionType: raw.transactionType,
    transactionStatus: status,
    postedDate: raw.postedDate,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(raw.marketplaceDetails ? { marketplaceDetails: raw.marketplaceDetails } : {}),
    ...(raw.sellingPartnerMetadata ? { sellingPartnerMetadata: raw.sellingPartnerMetadata } : {}),
    totalAmount: amounts.read(raw.totalAmount, '/totalAmount'),
    relatedIdentifiers: (raw.relatedIdentifiers ?? []).map((r) => ({ name: r.relatedIdentifierName, value: r.relatedIdentifierValue })),
    items: (raw.items ?? []).map((item, i) => ({
      ...(item.description !== undefined ? { description: item.description } : {}),
      relatedIdentifiers: (item.relatedIdentifiers ?? []).map((r) => ({ name: r.itemRelatedIdentifierName, value: r.itemRelatedIdentifierValue })),
      ...(item.totalAmount ? { totalAmount: amounts.read(item.totalAmount, `/items/${i}/totalAmount`) } : {}),
      breakdowns: amounts.breakdowns(item.breakdowns, `/items/${i}/breakdowns`),
      contexts: contexts(item.contexts, `/items/${i}`),
    })),
    breakdowns: amounts.breakdowns(raw.breakdowns, '/breakdowns'),
    contexts: contexts(raw.contexts, ''),
  };
  if (shapeProblems.length) return { ok: false, failure: { ...withId, code: 'FINANCE_TRANSACTION_MALFORMED', problems: shapeProblems } };
  if (amounts.problems.length) return { ok: false, failure: { ...withId, code: 'FINANCE_AMOUNT_UNREADABLE', problems: amounts.problems } };
  return { ok: true, transaction };
}

/** Every breakdown of a tree with the types from its root ("Sales" > "Product Charges" > "Tax"), depth first. */
export function flattenBreakdowns(tree: readonly FinanceBreakdown[], above: readonly string[] = []): Array<{ path: string[]; amount: MinorAmount; leaf: boolean }> {
  return tree.flatMap((b) => {
    const path = [...above, b.type];
    return [{ path, amount: b.amount, leaf: b.breakdowns.length === 0 }, ...flattenBreakdowns(b.breakdowns, path)];
  });
}

/** Turns money into minor units, collecting what cannot be read instead of throwing. */
class AmountReader {
  readonly problems: string[] = [];

  read(money: RawMoney, at: string): MinorAmount {
    const num: unknown = money.currencyAmount;
    try {
      if (!isLosslessNumber(num)) throw new Error('not a JSON number');
      return { minor: toMinor(num.value, money.currencyCode), currency: money.currencyCode };
    } catch (e) {
      this.problems.push(`${at}: ${(e as Error).message}`.slice(0, 200));
      return { minor: 0n, currency: money.currencyCode };
    }
  }

  breakdowns(list: RawBreakdown[] | { breakdowns: RawBreakdown[] } | undefined, at: string): FinanceBreakdown[] {
    const entries = Array.isArray(list) ? list : (list?.breakdowns ?? []);
    const base = Array.isArray(list) ? at : `${at}/breakdowns`;
    return entries.map((b, i) => ({
      type: b.breakdownType,
      amount: this.read(b.breakdownAmount, `${base}/${i}/breakdownAmount`),
      breakdowns: this.breakdowns(b.breakdowns, `${base}/${i}/breakdowns`),
    }));
  }
}

function readContext(c: RawContext, at: string, problems: string[]): FinanceContext {
  const { quantityShipped, ...rest } = c;
  if (quantityShipped === undefined) return rest;
  // int32 in the model: digits only, nothing a float would round.
  const digits = isLosslessNumber(quantityShipped) ? quantityShipped.value : '';
  if (!/^-?\d{1,9}$/.test(digits)) {
    problems.push(`${at}/quantityShipped: not a whole number`);
    return rest;
  }
  return { ...rest, quantityShipped: Number(digits) };
}

function isDateTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(Date.parse(text));
}
