/**
 * Odoo 19's entry numbers (`_get_starting_sequence`): the journal's code, then the year, then a counter of five
 * digits for sales, bank, cash and credit-card journals (INV/2026/00001, AMZ/2026/00001) or the month and four digits
 * for the others (AMZS/2026/12/0001, BILL/2026/12/0001); credit notes prefix "R" (RINV/...), payments "P"
 * (PAMZ/2026/00001). One counter per prefix and period, a PostgreSQL sequence each; the date is the entry's.
 */
import type { Env } from '../orm/types.ts';

const YEARLY = new Set(['sale', 'bank', 'cash', 'credit']);

/** Names the given draft entries that have none (an entry posted once keeps its number). */
export async function nameMoves(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT m.id, m.move_type, j.code, j.type, coalesce(m.date, sandbox_now()::date)::text AS day, m.origin_payment_id IS NOT NULL AS payment
     FROM account_move m JOIN account_journal j ON j.id = m.journal_id
     WHERE m.id = ANY($1) AND (m.name IS NULL OR m.name IN ('', '/')) ORDER BY m.id`, [ids]);
  for (const m of r.rows) {
    const [year, month] = (m.day as string).split('-') as [string, string];
    const refund = m.move_type === 'out_refund' || m.move_type === 'in_refund';
    const prefix = `${m.payment ? 'P' : ''}${refund ? 'R' : ''}${m.code as string}`;
    const yearly = YEARLY.has(m.type as string);
    const period = yearly ? `${year}/` : `${year}/${month}/`;
    // INV / RINV keep the sequence names of older sandbox databases
    const seq = `account_move_seq_${prefix.toLowerCase().replace(/[^a-z0-9]/g, '_')}_${year}${yearly ? '' : `_${month}`}`;
    await env.tx.query(`CREATE SEQUENCE IF NOT EXISTS ${seq}`);
    await env.tx.query(`UPDATE account_move SET name = $2 || lpad(nextval('${seq}')::text, $3, '0') WHERE id = $1`,
      [m.id, `${prefix}/${period}`, yearly ? 5 : 4]);
  }
}
