/**
 * Recomputes line and document amounts of sales orders and invoices in one pass per call: lines, taxes,
 * currency decimals and the company's rounding method read set-wise, results written back with two statements.
 */
import { updateRows } from '../db/bulk.ts';
import type { Env } from '../orm/types.ts';
import { refreshEntryTotals } from './entry-lines.ts';
import { syncReceivableLines } from './journal-items.ts';
import { computeDocument, fromMinor, toDecimalString, type DocumentResult, type LineInput, type RoundingMethod, type TaxDef } from '../tax/compute.ts';

const KINDS = {
  sale: { doc: 'sale_order', line: 'sale_order_line', fk: 'order_id', qty: 'product_uom_qty' },
  move: { doc: 'account_move', line: 'account_move_line', fk: 'move_id', qty: 'quantity' },
} as const;

/** Loads tax definitions (with group children) for the engine. */
export async function loadTaxes(env: Env, ids: number[]): Promise<Map<number, TaxDef>> {
  const out = new Map<number, TaxDef>();
  let todo = [...new Set(ids)];
  const raw = new Map<number, { amount_type: string; amount: number; inc: boolean; children: number[] }>();
  while (todo.length) {
    const r = await env.tx.query(
      `SELECT t.id, t.amount_type, t.amount::float8 AS amount, t.children_tax_ids AS children,
              coalesce(t.price_include_override, c.account_price_include) = 'tax_included' AS inc
       FROM account_tax t JOIN res_company c ON c.id = coalesce(t.company_id, 1) WHERE t.id = ANY($1)`, [todo]);
    for (const x of r.rows) raw.set(x.id as number, { ...x, children: (x.children as number[]) ?? [] } as never);
    todo = r.rows.flatMap((x) => ((x.children as number[]) ?? []).filter((c) => !raw.has(c)));
  }
  const build = (id: number): TaxDef => {
    const t = raw.get(id)!;
    return { id, amountType: t.amount_type as TaxDef['amountType'], amount: t.amount, priceInclude: t.inc, children: t.children.filter((c) => raw.has(c)).map(build) };
  };
  for (const id of raw.keys()) out.set(id, build(id));
  return out;
}

/** One document's computed amounts, its lines (id, tax ids) beside their results, and its currency's decimals. */
export interface ComputedDoc {
  id: number;
  dp: number;
  currencyId: number;
  companyCurrencyId: number;
  lines: Array<{ id: number; taxIds: number[] }>;
  result: DocumentResult;
}

/** Computes the documents' amounts from their lines, as Odoo 19 does (nothing written). */
export async function computeDocuments(env: Env, kind: keyof typeof KINDS, docIds: number[]): Promise<ComputedDoc[]> {
  if (docIds.length === 0) return [];
  const k = KINDS[kind];
  const docs = await env.tx.query(
    `SELECT d.id, cur.decimal_places AS dp, c.tax_calculation_rounding_method AS method, cur.id AS currency_id, c.currency_id AS company_currency_id
     FROM ${k.doc} d JOIN res_company c ON c.id = coalesce(d.company_id, 1)
       JOIN res_currency cur ON cur.id = coalesce(d.currency_id, c.currency_id) WHERE d.id = ANY($1)`, [docIds]);
  const lines = await env.tx.query(
    `SELECT id, ${k.fk} AS doc, price_unit::float8 AS price_unit, ${k.qty}::float8 AS qty, discount::float8 AS discount, tax_ids
     FROM ${k.line} WHERE ${k.fk} = ANY($1) AND (display_type IS NULL OR display_type = 'product') ORDER BY id`, [docIds]);
  const taxes = await loadTaxes(env, lines.rows.flatMap((l) => (l.tax_ids as number[]) ?? []));
  return docs.rows.map((d) => {
    const mine = lines.rows.filter((l) => l.doc === d.id);
    const inputs: LineInput[] = mine.map((l) => ({
      priceUnit: Number(l.price_unit), quantity: Number(l.qty), discount: Number(l.discount ?? 0),
      taxes: ((l.tax_ids as number[]) ?? []).map((t) => taxes.get(t)).filter((t): t is TaxDef => !!t),
    }));
    const dp = Number(d.dp);
    return {
      id: d.id as number, dp, currencyId: d.currency_id as number, companyCurrencyId: d.company_currency_id as number,
      lines: mine.map((l) => ({ id: l.id as number, taxIds: (l.tax_ids as number[]) ?? [] })),
      result: computeDocument(inputs, dp, d.method as RoundingMethod),
    };
  });
}

/** Recomputes price_subtotal/price_tax/price_total of every line and the three amounts of every document. */
export async function recomputeAmounts(env: Env, kind: keyof typeof KINDS, allIds: number[]): Promise<void> {
  if (allIds.length === 0) return;
  const k = KINDS[kind];
  // journal entries have no prices: their totals come from their items (entry-lines.ts)
  const docIds = kind === 'sale' ? allIds
    : (await env.tx.query(`SELECT id FROM account_move WHERE id = ANY($1) AND move_type <> 'entry'`, [allIds])).rows.map((x) => x.id as number);
  const lineUpdates: Array<Record<string, unknown>> = [];
  const docUpdates: Array<Record<string, unknown>> = [];
  for (const d of await computeDocuments(env, kind, docIds)) {
    const { dp, result: res } = d;
    d.lines.forEach((l, i) => {
      const r = res.lines[i]!;
      // Odoo 19's sale line: price_tax = price_total - price_subtotal in floats (2.1000000000000014 comes back as is)
      const tax = kind === 'sale' ? String(fromMinor(r.total, dp) - fromMinor(r.subtotal, dp)) : toDecimalString(r.tax, dp);
      lineUpdates.push({ id: l.id, price_subtotal: toDecimalString(r.subtotal, dp), price_tax: tax, price_total: toDecimalString(r.total, dp) });
    });
    docUpdates.push({ id: d.id, amount_untaxed: toDecimalString(res.untaxed, dp), amount_tax: toDecimalString(res.tax, dp), amount_total: toDecimalString(res.total, dp) });
  }
  const money = { price_subtotal: 'numeric', price_tax: 'numeric', price_total: 'numeric' };
  await updateRows(env.tx, k.line, money, lineUpdates);
  await updateRows(env.tx, k.doc, { amount_untaxed: 'numeric', amount_tax: 'numeric', amount_total: 'numeric' }, docUpdates,
    kind === 'move' ? `amount_residual = CASE WHEN t.state = 'draft' THEN v.amount_total ELSE t.amount_residual END` : '');
  if (kind === 'move') {
    await syncReceivableLines(env, docIds);
    await refreshEntryTotals(env, allIds);
  }
}
