/**
 * Shipping v2 `GetRatesRequest` read as the model declares it (required fields, enums, units), and the package's
 * weight in kilograms and longest side in centimetres. The first problem is answered as Amazon answers a bad
 * request: 400 `InvalidRequest` "Request is missing or has invalid parameters" with the field in `details`.
 */
import type { AmazonError } from '../http/amazon-errors.ts';
import { isObj } from '../shipments/packages.ts';

type Obj = Record<string, unknown>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; status: number; error: AmazonError };

export interface RatePackage {
  packageClientReferenceId: string;
  kg: number;
  longestCm: number;
  insuredMinor: number;
  items: { quantity: number; itemIdentifier?: string }[];
}

export interface RateRequest {
  orderId: string;
  shipFrom: { countryCode: string; postalCode: string };
  shipDateMs: number | null;
  packages: RatePackage[];
}

const TOP = new Set(['shipTo', 'shipFrom', 'returnTo', 'shipDate', 'shipperInstruction', 'packages', 'valueAddedServices', 'taxDetails',
  'channelDetails', 'clientReferenceDetails', 'shipmentType', 'destinationAccessPointDetails', 'carrierAccounts']);
const ADDRESS = new Set(['name', 'addressLine1', 'addressLine2', 'addressLine3', 'companyName', 'stateOrRegion', 'city', 'countryCode', 'postalCode', 'email', 'phoneNumber', 'geocode']);
const PACKAGE = new Set(['dimensions', 'weight', 'insuredValue', 'isHazmat', 'sellerDisplayName', 'charges', 'packageClientReferenceId', 'items']);
const KG: Record<string, number> = { GRAM: 0.001, KILOGRAM: 1, OUNCE: 0.028349523125, POUND: 0.45359237 };
const CM: Record<string, number> = { CENTIMETER: 1, INCH: 2.54 };

export const badRequest = (details: string): { ok: false; status: number; error: AmazonError } =>
  ({ ok: false, status: 400, error: { code: 'InvalidRequest', message: 'Request is missing or has invalid parameters', details } });

const unknownKey = (o: Obj, allowed: Set<string>, path: string): string | undefined => {
  const k = Object.keys(o).find((x) => !allowed.has(x));
  return k === undefined ? undefined : `${path}.${k} is not a known property`;
};
const str = (o: Obj, k: string) => (typeof o[k] === 'string' && (o[k] as string).trim() !== '' ? (o[k] as string) : undefined);

/** An Address (shipFrom, returnTo): the model's required fields. */
function address(v: unknown, path: string): Parsed<{ countryCode: string; postalCode: string }> {
  if (!isObj(v)) return badRequest(`${path} is required`);
  const unknown = unknownKey(v, ADDRESS, path);
  if (unknown) return badRequest(unknown);
  for (const k of ['name', 'addressLine1', 'stateOrRegion', 'city', 'countryCode', 'postalCode']) {
    if (!str(v, k)) return badRequest(`${path}.${k} cannot be null or empty`);
  }
  return { ok: true, value: { countryCode: v.countryCode as string, postalCode: v.postalCode as string } };
}

function pkg(v: unknown, i: number): Parsed<RatePackage> {
  const path = `packages[${i}]`;
  if (!isObj(v)) return badRequest(`${path} must be an object`);
  const unknown = unknownKey(v, PACKAGE, path);
  if (unknown) return badRequest(unknown);
  const ref = str(v, 'packageClientReferenceId');
  if (!ref) return badRequest(`${path}.packageClientReferenceId cannot be null`);
  const d = v.dimensions;
  if (!isObj(d) || typeof d.unit !== 'string' || !CM[d.unit]) return badRequest(`${path}.dimensions.unit must be INCH or CENTIMETER`);
  const sides = [d.length, d.width, d.height];
  if (!sides.every((s) => typeof s === 'number' && s > 0)) return badRequest(`${path}.dimensions must be positive numbers`);
  const w = v.weight;
  if (!isObj(w) || typeof w.unit !== 'string' || !KG[w.unit]) return badRequest(`${path}.weight.unit must be GRAM, KILOGRAM, OUNCE or POUND`);
  if (typeof w.value !== 'number' || !(w.value > 0)) return badRequest(`${path}.weight.value must be a positive number`);
  const ins = v.insuredValue;
  if (!isObj(ins) || typeof ins.value !== 'number' || typeof ins.unit !== 'string') return badRequest(`${path}.insuredValue is required`);
  if (!Array.isArray(v.items) || !v.items.length) return badRequest(`${path}.items cannot be empty`);
  const items: RatePackage['items'] = [];
  for (const it of v.items) {
    if (!isObj(it) || typeof it.quantity !== 'number' || !Number.isInteger(it.quantity) || it.quantity < 1) return badRequest(`${path}.items[].quantity must be a positive integer`);
    items.push({ quantity: it.quantity, ...(typeof it.itemIdentifier === 'string' ? { itemIdentifier: it.itemIdentifier } : {}) });
  }
  return { ok: true, value: { packageClientReferenceId: ref, kg: w.value * KG[w.unit]!, longestCm: Math.max(...(sides as number[])) * CM[d.unit]!,
    insuredMinor: Math.round(ins.value * 100), items } };
}

/** The request, or the first problem. Only Amazon orders (channelType AMAZON) are served: the sandbox has no others. */
export function parseRateRequest(body: unknown): Parsed<RateRequest> {
  if (!isObj(body)) return badRequest('The request body must be a JSON object');
  const unknown = unknownKey(body, TOP, 'body');
  if (unknown) return badRequest(unknown);
  const from = address(body.shipFrom, 'shipFrom');
  if (!from.ok) return from;
  if (body.shipTo !== undefined) {
    const to = address(body.shipTo, 'shipTo');
    if (!to.ok) return to;
  }
  const ch = body.channelDetails;
  if (!isObj(ch) || (ch.channelType !== 'AMAZON' && ch.channelType !== 'EXTERNAL')) return badRequest('channelDetails.channelType must be AMAZON or EXTERNAL');
  if (ch.channelType !== 'AMAZON') return badRequest('channelDetails.channelType EXTERNAL needs shipTo and is not offered for this seller');
  const od = ch.amazonOrderDetails;
  if (!isObj(od) || !str(od, 'orderId')) return badRequest('channelDetails.amazonOrderDetails.orderId cannot be null');
  let shipDateMs: number | null = null;
  if (body.shipDate !== undefined) {
    shipDateMs = typeof body.shipDate === 'string' ? Date.parse(body.shipDate) : NaN;
    if (!Number.isFinite(shipDateMs)) return badRequest('shipDate must be an ISO 8601 date-time');
  }
  if (!Array.isArray(body.packages) || !body.packages.length) return badRequest('packages cannot be empty');
  const packages: RatePackage[] = [];
  for (const [i, p] of body.packages.entries()) {
    const r = pkg(p, i);
    if (!r.ok) return r;
    packages.push(r.value);
  }
  return { ok: true, value: { orderId: od.orderId as string, shipFrom: from.value, shipDateMs, packages } };
}
