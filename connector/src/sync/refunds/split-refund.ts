/**
 * Which of an order's invoices a refund credits, and with what share of Amazon's amounts (orders invoiced per
 * partial delivery, or split by a person). Pure: the caller reads what each invoice can still be credited.
 *
 * - One invoice that can still be credited every refunded unit of every SKU (and carries the service lines of the
 *   refunded shipping, gift wrap or promotion) takes the whole refund: one credit note, Amazon's amounts as they are.
 * - Else each SKU's units are taken from the invoices in turn, oldest first, each up to what it invoiced of the SKU
 *   less what credit notes (other than this refund's) already credited; a service amount goes to the oldest invoice
 *   carrying that service line (the shipping of an order is invoiced once, with its first delivery). Each invoice so
 *   named gets a share of the refund: one credit note per invoice.
 * - An item's amounts follow its units: a part split between invoices is shared in proportion to the units (rounded
 *   down, the last invoice taking the rest); its tax follows each charge in proportion to the charge (as
 *   price-adjustments.ts reads it back). The ERP's own total of each credit note is then checked to the minor unit
 *   by the caller: a share the ERP computes otherwise stays a conflict, never adjusted.
 * - Units no invoice can credit any more: no share at all, the caller's conflict.
 */
import { SERVICE_PARTS } from './price-adjustments.ts';
import type { RefundDocument, RefundItem } from './refund-document.ts';

export interface CreditableInvoice {
  id: number;
  /** Units per SKU still creditable (invoiced less credited by other credit notes). */
  creditable: Map<string, number>;
  /** The service kinds (`service:shipping`...) whose lines the invoice carries. */
  services: ReadonlySet<string>;
}

export type Split = { ok: true; shares: Array<{ invoiceId: number; doc: RefundDocument }> } | { ok: false; problems: string[] };

const isTax = (path: string) => path === 'tax' || path.startsWith('tax/');
const isWithheld = (path: string) => path.startsWith('taxwithheld');
const serviceKindOf = (path: string): string | null => Object.entries(SERVICE_PARTS).find(([, test]) => test(path))?.[0] ?? null;

export function splitRefund(doc: RefundDocument, invoices: readonly CreditableInvoice[]): Split {
  const problems: string[] = [];
  const units = new Map<string, number>();
  for (const item of doc.items) {
    if (item.sku === null || item.quantity === null) problems.push(`item ${item.itemId ?? '?'} has no SKU or units`);
    else units.set(item.sku, (units.get(item.sku) ?? 0) + item.quantity);
  }
  if (problems.length) return { ok: false, problems };
  const kinds = new Set(doc.items.flatMap((i) => Object.entries(i.parts).filter(([p, v]) => BigInt(v) !== 0n && serviceKindOf(p) !== null).map(([p]) => serviceKindOf(p)!)));
  const serviceHome = new Map([...kinds].map((k) => [k, invoices.find((inv) => inv.services.has(k))?.id ?? null]));
  const whole = invoices.find((inv) => [...units].every(([sku, n]) => (inv.creditable.get(sku) ?? 0) >= n) && [...kinds].every((k) => serviceHome.get(k) === null || inv.services.has(k)));
  if (whole) return { ok: true, shares: [{ invoiceId: whole.id, doc }] };

  // Per SKU, the units each invoice takes, oldest invoice first.
  const left = new Map(invoices.map((inv) => [inv.id, new Map(inv.creditable)]));
  const queue = new Map<string, Array<{ invoiceId: number; units: number }>>();
  for (const [sku, n] of units) {
    let rest = n;
    const takes: Array<{ invoiceId: number; units: number }> = [];
    for (const inv of invoices) {
      const can = Math.min(rest, left.get(inv.id)!.get(sku) ?? 0);
      if (can > 0) takes.push({ invoiceId: inv.id, units: can });
      rest -= can;
    }
    if (rest > 0) problems.push(`SKU ${sku}: ${n} unit(s) refunded, ${n - rest} still creditable on the order's ${invoices.length} invoices`);
    queue.set(sku, takes);
  }
  if (problems.length) return { ok: false, problems };

  const byInvoice = new Map<number, RefundItem[]>();
  const add = (invoiceId: number, item: RefundItem) => byInvoice.set(invoiceId, [...(byInvoice.get(invoiceId) ?? []), item]);
  for (const item of doc.items) {
    // This item's units, from the front of its SKU's queue.
    const shares: Array<{ invoiceId: number; units: number }> = [];
    let need = item.quantity!;
    const q = queue.get(item.sku!)!;
    while (need > 0) {
      const head = q[0]!;
      const n = Math.min(need, head.units);
      shares.push({ invoiceId: head.invoiceId, units: n });
      head.units -= n;
      need -= n;
      if (head.units === 0) q.shift();
    }
    for (const [invoiceId, sub] of splitItem(item, shares, serviceHome)) add(invoiceId, sub);
  }
  return {
    ok: true,
    shares: invoices.filter((inv) => byInvoice.has(inv.id)).map((inv) => {
      const items = byInvoice.get(inv.id)!;
      const credit = String(items.reduce((s, i) => s + BigInt(i.creditMinor), 0n));
      return { invoiceId: inv.id, doc: { ...doc, items, creditMinor: credit, totalMinor: credit } };
    }),
  };
}

/** One item's parts per invoice: service charges to their invoice, the rest by units; each charge with its tax. */
function splitItem(item: RefundItem, shares: ReadonlyArray<{ invoiceId: number; units: number }>, serviceHome: ReadonlyMap<string, number | null>): Map<number, RefundItem> {
  const entries = Object.entries(item.parts).map(([p, v]) => [p, BigInt(v)] as const);
  const charges = entries.filter(([p]) => !isTax(p) && !isWithheld(p));
  const tax = entries.filter(([p]) => isTax(p)).reduce((s, [, v]) => s + v, 0n);
  const base = charges.reduce((s, [, v]) => s + v, 0n);
  const taxOf = (v: bigint) => (base === 0n ? 0n : (tax * v) / base);
  const out = new Map<number, { parts: Map<string, bigint>; units: number }>();
  const at = (invoiceId: number) => out.get(invoiceId) ?? out.set(invoiceId, { parts: new Map(), units: 0 }).get(invoiceId)!;
  const put = (invoiceId: number, path: string, v: bigint) => at(invoiceId).parts.set(path, (at(invoiceId).parts.get(path) ?? 0n) + v);
  for (const s of shares) at(s.invoiceId).units += s.units;
  /** `v` shared by units over the item's invoices, rounded down, the last taking the rest. */
  const byUnits = (path: string, v: bigint) => {
    let rest = v;
    shares.forEach((s, i) => {
      const part = i === shares.length - 1 ? rest : (v * BigInt(s.units)) / BigInt(item.quantity!);
      put(s.invoiceId, path, part);
      rest -= part;
    });
  };
  let taxLeft = tax;
  for (const [path, v] of charges) {
    const kind = serviceKindOf(path);
    const home = kind === null ? null : (serviceHome.get(kind) ?? null);
    // The principal's tax is what is left once the other charges took theirs (the shares add up to the item's tax).
    const t = path === 'productcharges/principal' ? null : taxOf(v);
    if (home !== null) {
      put(home, path, v);
      if (t !== null) put(home, 'tax', t);
    } else {
      byUnits(path, v);
      if (t !== null) byUnits('tax', t);
    }
    if (t !== null) taxLeft -= t;
  }
  byUnits('tax', taxLeft);
  for (const [path, v] of entries.filter(([p]) => isWithheld(p))) byUnits(path, v);
  const result = new Map<number, RefundItem>();
  for (const [invoiceId, { parts, units }] of out) {
    // Every part, the withheld tax's included: the seller's credit (refund-document.ts).
    const credit = [...parts].reduce((s, [, v]) => s + v, 0n);
    if (units === 0 && [...parts.values()].every((v) => v === 0n)) continue;
    // A share of service charges alone names no SKU: it credits only the invoice's service lines.
    result.set(invoiceId, { itemId: item.itemId, sku: units > 0 ? item.sku : null, quantity: units, parts: Object.fromEntries([...parts].map(([p, v]) => [p, String(v)])), creditMinor: String(credit) });
  }
  return result;
}
