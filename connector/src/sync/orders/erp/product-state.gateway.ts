/**
 * Whether the ERP products SKUs resolve to are archived, and activating one: Odoo's search hides archived records
 * unless the context says `active_test: false` (read by id does not filter), so a SKU whose product was archived
 * looks unmapped to a plain search and is sold as an archived product by a plain mapping. Odoo keeps `active` on
 * the template and on each variant; archiving a template archives its variants, unarchiving it brings back the
 * variants that were archived with it: activation writes the template first when it is archived, then the variant.
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { many2oneId, text } from './erp-rows.ts';

const ALL = { context: { active_test: false } };

/** A product as the SKU resolution sees it. */
export interface ProductState {
  id: number;
  name: string;
  active: boolean;
}

const activeOf = (v: unknown): boolean => v === true;

/** Per internal reference among `codes`: its active product if any, else its oldest archived one (one call). */
export async function productsByCodeAnyState(erp: ErpPort, codes: readonly string[]): Promise<Map<string, ProductState>> {
  const rows = await erp.searchRead('product.product', [['default_code', 'in', [...codes]]], ['default_code', 'name', 'active'], { order: 'id asc', ...ALL });
  const out = new Map<string, ProductState>();
  for (const r of rows) {
    const code = text(r, 'default_code');
    const p = { id: r.id, name: text(r, 'name'), active: activeOf(r.active) };
    const had = out.get(code);
    if (!had || (!had.active && p.active)) out.set(code, p);
  }
  return out;
}

/** Name and active flag of `ids` (one call; read by id sees archived records). Missing ids are absent. */
export async function productStates(erp: ErpPort, ids: readonly number[]): Promise<Map<number, ProductState>> {
  if (!ids.length) return new Map();
  const rows = await erp.read('product.product', [...ids], ['name', 'active'], ALL);
  return new Map(rows.map((r) => [r.id, { id: r.id, name: text(r, 'name'), active: activeOf(r.active) }]));
}

/**
 * Makes product `id` active again (its template first when archived too). Idempotent: what is active already is
 * not written. Returns what it wrote, or null when the product does not exist.
 */
export async function activateProduct(erp: ErpPort, id: number): Promise<{ template: boolean; variant: boolean } | null> {
  const [p] = await erp.read('product.product', [id], ['active', 'product_tmpl_id'], ALL);
  if (!p) return null;
  const templateId = many2oneId(p, 'product_tmpl_id');
  const [t] = templateId === null ? [] : await erp.read('product.template', [templateId], ['active'], ALL);
  const template = Boolean(t && !activeOf(t.active));
  if (template) await erp.write('product.template', [templateId!], { active: true }, ALL);
  // Unarchiving the template may have brought the variant back already: read again rather than assume.
  const [again] = template ? await erp.read('product.product', [id], ['active'], ALL) : [p];
  const variant = !activeOf(again?.active);
  if (variant) await erp.write('product.product', [id], { active: true }, ALL);
  return { template, variant };
}
