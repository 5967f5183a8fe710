/**
 * Finances 2024-06-19 transactions for the adapter's tests, as JSON TEXT: amounts must reach the parser as
 * Amazon's digits, which a JS object literal would already have rounded. Shaped like the official model
 * (`Transaction`); ids, names and the first transaction are the model's own example values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceDir } from './reference.ts';

const US = '"marketplaceDetails": {"marketplaceId": "ATVPDKIKX0DER", "marketplaceName": "Amazon.com"}';
const seller = '"sellingPartnerMetadata": {"sellingPartnerId": "A3TH9S8BH6GOGM", "accountType": "PAYABLE", "marketplaceId": "ATVPDKIKX0DER"}';
const usd = (amount: string) => `{"currencyAmount": ${amount}, "currencyCode": "USD"}`;
const ids = (pairs: Array<[string, string]>) => `[${pairs.map(([n, v]) => `{"relatedIdentifierName": "${n}", "relatedIdentifierValue": "${v}"}`).join(', ')}]`;

/** The model's Transaction example, unchanged (status "Released", breakdowns wrapped in an object). */
export function modelTransactionExample(): string {
  const model = JSON.parse(readFileSync(join(referenceDir(), 'sp-api-models', 'finances_2024-06-19.json'), 'utf8')) as { definitions: { Transaction: { example: unknown } } };
  return JSON.stringify(model.definitions.Transaction.example);
}

/** The model's static 200 answer of listTransactions, unchanged (its transaction has no id and no status). */
export function modelListTransactionsAnswer(): string {
  const model = JSON.parse(readFileSync(join(referenceDir(), 'sp-api-models', 'finances_2024-06-19.json'), 'utf8')) as {
    paths: Record<string, { get: { responses: Record<string, { 'x-amzn-api-sandbox': { static: Array<{ response: unknown }> } }> } }>;
  };
  return JSON.stringify(model.paths['/finances/2024-06-19/transactions']!.get.responses['200']!['x-amzn-api-sandbox'].static[0]!.response);
}

/** A refund of an order: REFUND_ID, the order's ORDER_ADJUSTMENT_ITEM_ID items, nested breakdowns of 0.1 / 0.2 style decimals. */
export const REFUND = `{
  ${seller},
  "relatedIdentifiers": ${ids([['ORDER_ID', '8129762527551'], ['REFUND_ID', 'R-8129762527551-1'], ['SETTLEMENT_ID', '12345678901'], ['FINANCIAL_EVENT_GROUP_ID', '4MVaHcsAfaYAlwlaPWrXJxrfUiKfYZ2ooWtY7528FUA']])},
  "transactionType": "Refund", "transactionId": "tx-refund-1", "transactionStatus": "RELEASED", "description": "Refund Order",
  "postedDate": "2026-11-20T10:15:00.000Z", "totalAmount": ${usd('-10.3')}, ${US},
  "items": [{
    "description": "Item title",
    "totalAmount": ${usd('-10.3')},
    "relatedIdentifiers": [{"itemRelatedIdentifierName": "ORDER_ADJUSTMENT_ITEM_ID", "itemRelatedIdentifierValue": "81297625-121-27551"}],
    "breakdowns": [
      {"breakdownType": "Product Charges", "breakdownAmount": ${usd('-10.0')}, "breakdowns": [
        {"breakdownType": "Principal", "breakdownAmount": ${usd('-9.1')}, "breakdowns": []},
        {"breakdownType": "Tax", "breakdownAmount": ${usd('-0.9')}, "breakdowns": []}]},
      {"breakdownType": "Shipping", "breakdownAmount": ${usd('-0.1')}},
      {"breakdownType": "Gift Wrap", "breakdownAmount": ${usd('-0.2')}},
      {"breakdownType": "Promotion", "breakdownAmount": ${usd('0.30')}},
      {"breakdownType": "Tax Withheld", "breakdownAmount": ${usd('-0.3')}}
    ],
    "contexts": [{"contextType": "ProductContext", "asin": "B07FGXZQZ1", "sku": "sku-12", "quantityShipped": 1, "fulfillmentNetwork": "MFN"}]
  }],
  "breakdowns": [{"breakdownType": "Sales", "breakdownAmount": ${usd('-10.3')}, "breakdowns": []}],
  "contexts": [{"contextType": "AmazonPayContext", "storeName": "Store 1", "orderType": "Order Type", "channel": "MFN"}]
}`;

/** A deferred (DD7) sale, already released: it names its release. */
export const DEFERRED = `{
  ${seller}, "relatedIdentifiers": ${ids([['ORDER_ID', '8129762527552'], ['RELEASE_TRANSACTION_ID', 'tx-release-1']])},
  "transactionType": "Shipment", "transactionId": "tx-deferred-1", "transactionStatus": "DEFERRED_RELEASED", "description": "Order Payment",
  "postedDate": "2026-11-01T08:00:00Z", "totalAmount": ${usd('25.50')}, ${US},
  "contexts": [{"contextType": "DeferredContext", "deferralReason": "DD7", "maturityDate": "2026-11-08T00:00:00Z"}]
}`;

/** The release of the deferred sale: it names the deferred transaction. */
export const RELEASE = `{
  ${seller}, "relatedIdentifiers": ${ids([['ORDER_ID', '8129762527552'], ['DEFERRED_TRANSACTION_ID', 'tx-deferred-1']])},
  "transactionType": "Shipment", "transactionId": "tx-release-1", "transactionStatus": "RELEASED", "description": "Order Payment",
  "postedDate": "2026-11-08T00:00:00Z", "totalAmount": ${usd('25.50')}, ${US}
}`;

/** An amount no double holds: 98765432109876543.21 would come back as 98765432109876540 through a float. */
export const LARGE = `{
  "transactionType": "Shipment", "transactionId": "tx-large-1", "transactionStatus": "DEFERRED", "postedDate": "2026-11-02T00:00:00Z",
  "totalAmount": {"currencyAmount": 98765432109876543.21, "currencyCode": "EUR"},
  "contexts": [{"contextType": "DeferredContext", "deferralReason": "B2B", "maturityDate": "2026-12-02T00:00:00Z"}]
}`;

/** Off the model: no transactionId and the amount as a string. */
export const MALFORMED = `{"transactionType": "Shipment", "transactionStatus": "RELEASED", "postedDate": "2026-11-03T00:00:00Z", "totalAmount": {"currencyAmount": "12.90", "currencyCode": "USD"}}`;

/** On the model's shape, but a cent fraction USD has not (rounding it would change money). */
export const UNREADABLE = `{"transactionType": "Shipment", "transactionId": "tx-unreadable-1", "transactionStatus": "RELEASED", "postedDate": "2026-11-03T00:00:00Z", "totalAmount": ${usd('12.905')}}`;

/** A listTransactions answer around the given transactions (JSON text each). */
export function page(transactions: readonly string[], nextToken?: string): string {
  return `{"payload": {${nextToken ? `"nextToken": "${nextToken}", ` : ''}"transactions": [${transactions.join(', ')}]}}`;
}
