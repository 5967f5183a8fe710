/**
 * patchListingsItem's checks and effect. The body must be the model's `ListingsItemPatchRequest` (else the caller
 * answers 400); each patch is then judged as Amazon judges attributes, answering 200 with `status: INVALID` and
 * issues when one is wrong (nothing applied), `ACCEPTED` (applied) or, in VALIDATION_PREVIEW mode, `VALID`
 * (nothing applied). Only top-level attributes (`/attributes/<name>`) can be patched; `fulfillment_availability`'s
 * DEFAULT entry is the merchant quantity. A SKU the seller has no listing for gets one (Amazon accepts offer data
 * for an unknown SKU; the listing then lacks its product facts and says so in its issues).
 */
import type { ListingRecord, ListingStore } from './listing-store.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const OPS = ['add', 'replace', 'merge', 'delete'];

export interface PatchOperation { op: string; path: string; value?: Obj[] }
export interface PatchRequest { productType: string; patches: PatchOperation[] }

/** The body as the model's ListingsItemPatchRequest, or the reason it is not one. */
export function readPatchRequest(body: unknown): { ok: true; request: PatchRequest } | { ok: false; reason: string } {
  if (!isObj(body)) return { ok: false, reason: 'The request body must be a JSON object.' };
  if (typeof body.productType !== 'string' || !body.productType) return { ok: false, reason: 'productType is required.' };
  if (!Array.isArray(body.patches) || body.patches.length === 0) return { ok: false, reason: 'patches must hold at least one operation.' };
  for (const [i, p] of body.patches.entries()) {
    if (!isObj(p) || typeof p.op !== 'string' || !OPS.includes(p.op) || typeof p.path !== 'string') {
      return { ok: false, reason: `patches[${i}] needs op (${OPS.join(', ')}) and path.` };
    }
    if (p.value !== undefined && !(Array.isArray(p.value) && p.value.every(isObj))) {
      return { ok: false, reason: `patches[${i}].value must be an array of objects.` };
    }
  }
  return { ok: true, request: body as unknown as PatchRequest };
}

export type Issue = { code: string; message: string; severity: 'ERROR'; attributeNames: string[]; categories: string[] };
const ATTRIBUTE_PATH = /^\/attributes\/([a-z][a-z0-9_]*)$/;

const invalidValue = (name: string, label: string): Issue => ({ code: '4000001', message: `The provided value for '${label}' is invalid.`,
  severity: 'ERROR', attributeNames: [name], categories: ['INVALID_ATTRIBUTE'] });

/** The DEFAULT quantity a fulfillment_availability value sets (undefined: no DEFAULT entry), or an issue. */
function defaultQuantity(value: Obj[]): { quantity?: number } | Issue {
  for (const e of value) {
    if (typeof e.fulfillment_channel_code !== 'string') return invalidValue('fulfillment_availability', 'Fulfillment Availability');
    if (e.fulfillment_channel_code !== 'DEFAULT') continue;
    const q = e.quantity;
    if (typeof q !== 'number' || !Number.isInteger(q) || q < 0 || q > 2_147_483_647) {
      return invalidValue('fulfillment_availability', 'Quantity');
    }
    return { quantity: q };
  }
  return {};
}

/**
 * Amazon takes SKUs of 1 to 40 printable ASCII characters without spaces at either end (the limit Seller Central and
 * listing tools quote); any other SKU is refused.
 */
export function skuIssue(sku: string): Issue | undefined {
  if (sku.length >= 1 && sku.length <= 40 && /^[\x20-\x7e]+$/.test(sku) && sku.trim() === sku) return undefined;
  return { code: '4000001', message: 'The provided value for \'SKU\' is invalid: at most 40 printable ASCII characters, no spaces at either end.',
    severity: 'ERROR', attributeNames: [], categories: ['INVALID_ATTRIBUTE'] };
}

/** The issue of one attribute's new value, if any (only fulfillment_availability's values are judged). */
export function attributeIssue(name: string, value: unknown): Issue | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isObj)) return invalidValue(name, name);
  if (name !== 'fulfillment_availability') return undefined;
  const q = defaultQuantity(value);
  return 'code' in q ? q : undefined;
}

/** The issues of a request for a SKU (empty: it can be applied). */
export function patchIssues(sku: string, req: PatchRequest): Issue[] {
  const bad = skuIssue(sku);
  if (bad) return [bad];
  const issues: Issue[] = [];
  for (const p of req.patches) {
    const name = ATTRIBUTE_PATH.exec(p.path)?.[1];
    if (!name) {
      // Nested paths and unknown spellings (fulfillmentAvailability) are refused as Amazon refuses them.
      issues.push({ code: '90000900', message: 'The attributes are invalid.', severity: 'ERROR',
        attributeNames: [p.path.replace(/^\/attributes\//, '').split('/')[0] ?? p.path], categories: [] });
      continue;
    }
    const issue = p.op === 'delete' ? undefined : attributeIssue(name, p.value);
    if (issue) issues.push(issue);
  }
  return issues;
}

/** Applies a request already free of issues; returns the listing. */
export function applyPatch(store: ListingStore, sellerId: string, sku: string, req: PatchRequest, by: 'patch' | 'feed' = 'patch'): ListingRecord {
  const rec = store.ensure(sellerId, sku, req.productType);
  for (const p of req.patches) {
    const name = ATTRIBUTE_PATH.exec(p.path)![1]!;
    if (name === 'fulfillment_availability') {
      if (p.op === 'delete') store.setQuantity(sellerId, sku, undefined, by);
      else {
        const q = defaultQuantity(p.value!) as { quantity?: number };
        if (q.quantity !== undefined) store.setQuantity(sellerId, sku, q.quantity, by);
      }
    } else {
      store.setAttribute(rec, name, p.op === 'delete' ? undefined : p.value);
    }
  }
  return rec;
}

/**
 * Applies an UPDATE (every attribute replaced: one left out is gone, the merchant quantity too) or a PARTIAL_UPDATE
 * (the attributes given replace theirs) of a listings feed message already free of issues.
 */
export function applyAttributes(store: ListingStore, sellerId: string, sku: string, productType: string, attributes: Obj,
  full: boolean): ListingRecord {
  const rec = store.ensure(sellerId, sku, productType);
  if (full) {
    rec.productType = productType;
    for (const name of Object.keys(rec.attributes)) store.setAttribute(rec, name, undefined);
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (name !== 'fulfillment_availability') store.setAttribute(rec, name, value as unknown[]);
  }
  const q = Array.isArray(attributes.fulfillment_availability) ? defaultQuantity(attributes.fulfillment_availability as Obj[]) as { quantity?: number } : {};
  if (q.quantity !== undefined || full) store.setQuantity(sellerId, sku, q.quantity, 'feed', productType);
  return rec;
}
