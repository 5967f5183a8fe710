/**
 * Fiscal positions as Odoo 19 applies them: the automatic choice for a customer (`_get_fiscal_position` with its
 * ranking functions), the tax mapping (`map_tax`), the domestic position, and a document's tax country.
 */
import type { Env } from '../orm/types.ts';

const EU = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '));

/**
 * Ids of each company's domestic position (Odoo 19's `domestic_fiscal_position_id`): among its active positions,
 * those of the company's country or, without country, of a group holding that country; the lowest sequence
 * first, a position with a country before one with a group — "Domestic" on a fresh generic-chart database.
 */
export async function domesticPositions(env: Env): Promise<Set<number>> {
  const r = await env.tx.query(
    `SELECT DISTINCT ON (f.company_id) f.id FROM account_fiscal_position f JOIN res_company c ON c.id = f.company_id
     WHERE f.active AND (f.country_id = c.country_id OR (f.country_id IS NULL AND EXISTS (
       SELECT 1 FROM res_country_group g WHERE g.id = f.country_group_id AND c.country_id = ANY(g.country_ids))))
     ORDER BY f.company_id, f.sequence, (f.country_id IS NULL), f.id`);
  return new Set(r.rows.map((x) => x.id as number));
}

interface PartnerRow { id: number; country_id: number | null; state_id: number | null; zip: string | null; vat: string | null; fpos: number | null }
interface PositionRow {
  id: number; sequence: number; vat_required: boolean; zip_from: string | null; zip_to: string | null; state_ids: number[];
  country_id: number | null; country_group_id: number | null; group_countries: number[] | null; group_excluded: number[] | null;
}

/** Odoo's ranking tuple of a position for a delivery address (null: the position does not apply). */
function rank(fp: PositionRow, d: PartnerRow): number[] | null {
  const t = [
    !fp.vat_required ? 1 : d.vat ? 2 : 0,
    1, // the company's depth in its hierarchy: one level
    !(fp.zip_from && fp.zip_to) ? 1 : d.zip && fp.zip_from <= d.zip && d.zip <= fp.zip_to ? 2 : 0,
    fp.state_ids.length === 0 ? 1 : d.state_id !== null && fp.state_ids.includes(d.state_id) ? 2 : 0,
    fp.country_id === null ? 1 : d.country_id === fp.country_id ? 2 : 0,
    fp.country_group_id === null ? 1
      : d.country_id !== null && (fp.group_countries ?? []).includes(d.country_id)
        && (d.state_id === null || !(fp.group_excluded ?? []).includes(d.state_id)) ? 2 : 0,
    -(fp.sequence || 0.1), // a lower sequence wins; 0 must not filter the position out
  ];
  return t.every((v) => v !== 0) ? t : null;
}

function greater(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

/**
 * The fiscal position Odoo sets by itself on a document of `partner` delivered to `delivery` (false: none).
 * Order of preference: the partner's own position; none without a partner country; else the best-ranked
 * auto-applied position (VAT required and matched, zip, state, country, country group, then lowest sequence).
 */
export async function autoFiscalPositions(env: Env, pairs: Array<{ partner: number | null; delivery: number | null }>): Promise<Array<number | false>> {
  const ids = [...new Set(pairs.flatMap((p) => [p.partner, p.delivery]).filter((x): x is number => typeof x === 'number'))];
  if (ids.length === 0) return pairs.map(() => false);
  const pr = await env.tx.query(
    `SELECT id, country_id, state_id, zip, vat, property_account_position_id AS fpos FROM res_partner WHERE id = ANY($1)`, [ids]);
  const partners = new Map(pr.rows.map((p) => [p.id as number, p as PartnerRow]));
  const fr = await env.tx.query(
    `SELECT f.id, f.sequence, f.vat_required, f.zip_from, f.zip_to, f.state_ids, f.country_id, f.country_group_id,
            g.country_ids AS group_countries, g.exclude_state_ids AS group_excluded
     FROM account_fiscal_position f LEFT JOIN res_country_group g ON g.id = f.country_group_id
     WHERE f.active AND f.auto_apply AND f.company_id = $1 ORDER BY f.sequence, f.id`, [env.companyId]);
  const positions = fr.rows as PositionRow[];
  const co = await env.tx.query(
    `SELECT p.vat, c.country_id FROM res_company c LEFT JOIN res_partner p ON p.id = c.partner_id WHERE c.id = $1`, [env.companyId]);
  const companyVat = (co.rows[0]?.vat as string | null) ?? null;
  return pairs.map(({ partner, delivery }) => {
    const p = partner === null ? undefined : partners.get(partner);
    if (!p) return false;
    let d = (delivery === null ? undefined : partners.get(delivery)) ?? p;
    // same EU VAT prefix on both sides: the invoicing partner decides, not the delivery address
    if (companyVat && p.vat && EU.has(companyVat.slice(0, 2)) && EU.has(p.vat.slice(0, 2)) && companyVat.slice(0, 2) === p.vat.slice(0, 2)) d = p;
    const manual = d.fpos ?? p.fpos;
    if (manual) return manual;
    if (p.country_id === null) return false;
    let best: { id: number; r: number[] } | null = null;
    for (const fp of positions) {
      const r = rank(fp, d);
      if (r && (!best || greater(r, best.r))) best = { id: fp.id, r };
    }
    return best ? best.id : false;
  });
}

/** Odoo 19's `map_tax` for each position: destination taxes replace the taxes they list as their originals. */
export async function mapTaxes(env: Env, items: Array<{ position: number | boolean | null; taxes: number[] }>): Promise<number[][]> {
  const fpIds = [...new Set(items.map((i) => i.position).filter((x): x is number => typeof x === 'number'))];
  const maps = new Map<number, { empty: boolean; map: Map<number, number[]> }>();
  if (fpIds.length) {
    const r = await env.tx.query(
      `SELECT f.id, f.tax_ids, t.id AS dest, t.original_tax_ids AS orig FROM account_fiscal_position f
       LEFT JOIN account_tax t ON t.id = ANY(f.tax_ids) WHERE f.id = ANY($1) ORDER BY f.id, array_position(f.tax_ids, t.id)`, [fpIds]);
    for (const x of r.rows) {
      const m = maps.get(x.id as number) ?? { empty: ((x.tax_ids as number[]) ?? []).length === 0, map: new Map<number, number[]>() };
      maps.set(x.id as number, m);
      for (const src of (x.orig as number[] | null) ?? []) m.map.set(src, [...(m.map.get(src) ?? []), x.dest as number]);
    }
  }
  return items.map(({ position, taxes }) => {
    const m = typeof position === 'number' ? maps.get(position) : undefined;
    if (!m) return taxes;
    if (m.empty) return []; // an empty position (as tax units make) removes every tax
    return [...new Set(taxes.flatMap((t) => m.map.get(t) ?? [t]))];
  });
}

/**
 * Odoo's `_validate_taxes_country` on journal entries: the countries of the lines' taxes must be exactly the
 * entry's tax country (the fiscal position's country when it carries a foreign VAT number, else the company's
 * fiscal country). Returns Odoo's message when they are not.
 */
export async function taxCountryProblem(env: Env, moveIds: number[]): Promise<string | null> {
  const r = await env.tx.query(
    `SELECT m.id, f.id AS fpos, f.country_id AS fpos_country,
            CASE WHEN coalesce(f.foreign_vat, '') <> '' THEN f.country_id ELSE c.account_fiscal_country_id END AS tax_country,
            (SELECT array_agg(DISTINCT t.country_id) FROM account_move_line l JOIN account_tax t ON t.id = ANY(l.tax_ids)
              WHERE l.move_id = m.id AND t.country_id IS NOT NULL) AS countries
     FROM account_move m JOIN res_company c ON c.id = coalesce(m.company_id, $2)
       LEFT JOIN account_fiscal_position f ON f.id = m.fiscal_position_id
     WHERE m.id = ANY($1) ORDER BY m.id`, [moveIds, env.companyId]);
  for (const m of r.rows) {
    const countries = (m.countries as number[] | null) ?? [];
    if (countries.length === 0) continue;
    const same = (c: number | null) => countries.length === 1 && countries[0] === c;
    if (same(m.tax_country as number | null)) continue;
    if (m.fpos && !same(m.fpos_country as number | null)) {
      return 'This entry contains taxes that are not compatible with your fiscal position. Check the country set in fiscal position and in your tax configuration.';
    }
    return 'This entry contains one or more taxes that are incompatible with your fiscal country. Check company fiscal country in the settings and tax country in taxes configuration.';
  }
  return null;
}
