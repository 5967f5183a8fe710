/**
 * JSON_LISTINGS_FEED: the document is checked against Amazon's `listings-feed-schema-v2.json` (header) and each
 * message against `listings-feed-message-schema-v2.json` (copied unmodified into `schemas/`, Apache-2.0, from
 * Amazon's selling-partner-api-models); the report follows `listings-feed-processing-report-schema-v2.json`.
 * Schema-valid messages are then judged as patchListingsItem judges a request (the SKU, the attribute values: an
 * ERROR issue per bad message, the others applied). What an accepted message does: PATCH as patchListingsItem,
 * UPDATE replaces the listing's attributes, PARTIAL_UPDATE the ones given; `fulfillment_availability`'s DEFAULT entry
 * is the seller's merchant quantity (a SKU without a listing gets one); DELETE forgets the listing.
 */
import { readFileSync } from 'node:fs';
import AjvModule, { type ValidateFunction } from 'ajv';
import type { ListingStore } from '../listings/listing-store.ts';
import { applyAttributes, applyPatch, attributeIssue, patchIssues, skuIssue, type Issue, type PatchOperation } from '../listings/patch-listing.ts';
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

/** The issues Amazon finds in a schema-valid message: its SKU, the values of the attributes it sets. */
function messageIssues(m: Obj): Issue[] {
  const sku = m.sku as string;
  if (m.operationType === 'PATCH') return patchIssues(sku, { productType: m.productType as string, patches: m.patches as PatchOperation[] });
  const bad = skuIssue(sku);
  if (bad) return [bad];
  const fa = isObj(m.attributes) ? m.attributes.fulfillment_availability : undefined;
  const issue = fa === undefined ? undefined : attributeIssue('fulfillment_availability', fa);
  return issue ? [issue] : [];
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
    const refuse = (code: string, message: string, attributeName?: string) => {
      issues.push({ messageId: id, ...(sku ? { sku } : {}), code, severity: 'ERROR', message, ...(attributeName ? { attributeName } : {}) });
      outcomes.push({ messageId: String(id), message: m, result: 'error', code, description: message });
    };
    if (!v.message(m)) {
      const err = v.message.errors?.[0];
      // Amazon's code for a message its schema refuses; the detail says where.
      return refuse('4002008', `The message does not meet the feed message schema: ${`${err?.instancePath || '/'} ${err?.message ?? 'is invalid'}`.trim()}`);
    }
    const msg = m as Obj;
    const found = messageIssues(msg)[0];
    if (found) return refuse(found.code, found.message, found.attributeNames[0]);
    const productType = typeof msg.productType === 'string' ? msg.productType : 'PRODUCT';
    if (msg.operationType === 'DELETE') listings.remove(feed.sellerId, sku!);
    else if (msg.operationType === 'PATCH') applyPatch(listings, feed.sellerId, sku!, { productType, patches: msg.patches as PatchOperation[] }, 'feed');
    else applyAttributes(listings, feed.sellerId, sku!, productType, msg.attributes as Obj, msg.operationType === 'UPDATE');
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
