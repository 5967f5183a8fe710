/**
 * JSON_LISTINGS_FEED: the document is checked against Amazon's `listings-feed-schema-v2.json` (header) and each
 * message against `listings-feed-message-schema-v2.json` (copied unmodified into `schemas/`, Apache-2.0, from
 * Amazon's selling-partner-api-models); the report follows `listings-feed-processing-report-schema-v2.json`.
 * What an accepted message does: the quantity of `fulfillment_availability` (channel DEFAULT) of the seller's
 * listing of the SKU (the same one patchListingsItem sets; a SKU without a listing gets one), DELETE forgets the listing.
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import type { ListingStore } from '../listings/listing-store.ts';
import type { FeedRecord, MessageOutcome } from './feed-store.ts';

const Ajv = AjvModule.default;
const load = (name: string) => JSON.parse(readFileSync(new URL(`./schemas/${name}`, import.meta.url), 'utf8')) as object;
let compiled: { header: ValidateFunction; message: ValidateFunction; ajv: InstanceType<typeof Ajv> } | undefined;

function validators() {
  if (compiled) return compiled;
  // strict off: Amazon's schemas carry `example` keywords ajv's strict mode refuses.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const feed = load('listings-feed-schema-v2.json') as { properties: Record<string, object> };
  const header = ajv.compile({ type: 'object', required: ['header', 'messages'], properties: { header: feed.properties.header!,
    messages: { type: 'array', minItems: 1, maxItems: 25_000 } } });
  compiled = { ajv, header, message: ajv.compile(load('listings-feed-message-schema-v2.json')) };
  return compiled;
}

export interface ListingsResult {
  outcomes: MessageOutcome[];
  report: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** The DEFAULT channel quantity a message sets, if any. */
function quantityOf(m: Obj): number | undefined {
  const fromList = (v: unknown) => (Array.isArray(v) ? v.filter(isObj).find((e) => (e.fulfillment_channel_code ?? 'DEFAULT') === 'DEFAULT')?.quantity : undefined);
  if (m.operationType === 'PATCH' && Array.isArray(m.patches)) {
    const p = m.patches.filter(isObj).find((x) => x.path === '/attributes/fulfillment_availability' && x.op !== 'delete');
    const q = p ? fromList(p.value) : undefined;
    return typeof q === 'number' ? q : undefined;
  }
  const q = isObj(m.attributes) ? fromList(m.attributes.fulfillment_availability) : undefined;
  return typeof q === 'number' ? q : undefined;
}

/** Processes the document; throws when it is not JSON or its envelope is not a listings feed (FATAL). */
export function processListingsFeed(feed: FeedRecord, text: string, listings: ListingStore): ListingsResult {
  const doc = JSON.parse(text) as unknown;
  const v = validators();
  if (!v.header(doc)) throw new Error(`the document is not a listings feed: ${v.ajv.errorsText(v.header.errors)}`);
  const messages = (doc as { messages: unknown[] }).messages;
  const outcomes: MessageOutcome[] = [];
  const issues: Obj[] = [];
  messages.forEach((m, i) => {
    const id = isObj(m) && typeof m.messageId === 'number' ? m.messageId : i + 1;
    const sku = isObj(m) && typeof m.sku === 'string' && m.sku ? m.sku : undefined;
    if (!v.message(m)) {
      const err = v.message.errors?.[0];
      const message = `${err?.instancePath || '/'} ${err?.message ?? 'is invalid'}`.trim();
      issues.push({ messageId: id, ...(sku ? { sku } : {}), code: '4000001', severity: 'ERROR', message });
      outcomes.push({ messageId: String(id), message: m, result: 'error', code: '4000001', description: message });
      return;
    }
    const msg = m as Obj;
    if (msg.operationType === 'DELETE') listings.remove(feed.sellerId, sku!);
    else {
      const q = quantityOf(msg);
      const productType = typeof msg.productType === 'string' ? msg.productType : 'PRODUCT';
      if (q !== undefined) listings.setQuantity(feed.sellerId, sku!, q, 'feed', productType);
    }
    outcomes.push({ messageId: String(id), message: m, result: 'accepted' });
  });
  const invalid = outcomes.filter((o) => o.result === 'error').length;
  const report = {
    header: { sellerId: feed.sellerId, version: '2.0', feedId: feed.feedId },
    issues,
    summary: { errors: issues.length, warnings: 0, messagesProcessed: outcomes.length, messagesAccepted: outcomes.length - invalid,
      messagesInvalid: invalid },
  };
  return { outcomes, report };
}
