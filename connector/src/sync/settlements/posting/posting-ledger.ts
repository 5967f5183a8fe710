/**
 * The posting ledger's queries (table `settlement_posting`): each planned entry, and a version's vendor bill from
 * Amazon, written BEFORE its ERP call, its ERP id and state after; the sum of what a settlement's rows carry, per
 * destination key.
 */
import type pg from 'pg';
import type { VersionPlan } from './posting-plan.ts';

export interface LedgerRow {
  /** `entry`: a journal entry of the Amazon journal; `bill`: the version's vendor bill (chunk 0, its lines' fee keys in `amounts`). */
  kind: 'entry' | 'bill';
  version: number; chunkNo: number; ref: string; contentHash: string; state: 'creating' | 'posted'; moveId: number | null;
  lineCount: number; clearingMinor: bigint; amounts: Record<string, string>; reconciledAt: Date | null;
}

type Db = Pick<pg.Pool, 'query'>;

export async function ledgerOf(db: Db, backendId: number, settlementId: string): Promise<LedgerRow[]> {
  const { rows } = await db.query(
    `select kind, version, chunk_no, ref, content_hash, state, move_id, line_count, clearing_minor, amounts, reconciled_at
       from settlement_posting where backend_id = $1 and settlement_id = $2 order by version, chunk_no`, [backendId, settlementId]);
  return rows.map((r) => ({
    kind: r.kind as LedgerRow['kind'], version: r.version as number, chunkNo: r.chunk_no as number, ref: r.ref as string, contentHash: r.content_hash as string,
    state: r.state as LedgerRow['state'], moveId: r.move_id as number | null, lineCount: r.line_count as number,
    clearingMinor: BigInt(r.clearing_minor as string), amounts: r.amounts as Record<string, string>, reconciledAt: r.reconciled_at as Date | null,
  }));
}

/** `AMZ-SET <settlement> v<version> <n>/<of>`: unique per backend, the key the ERP is searched by after a crash. */
export const entryRef = (settlementId: string, version: number, n: number, of: number) => `AMZ-SET ${settlementId} v${version} ${n}/${of}`;

/** `AMZ-SET <settlement> v<version> fees`: the version's vendor bill from Amazon, searched by it after a crash. */
export const billRef = (settlementId: string, version: number) => `AMZ-SET ${settlementId} v${version} fees`;

/**
 * A version's whole plan in one statement: every entry to make and its vendor bill (chunk 0), `creating`. A
 * version without any amount to post (Amazon changed nothing that moves money) is one marker row, already
 * `posted`, without an entry.
 */
export async function writePlan(db: Db, backendId: number, settlementId: string, version: number, contentHash: string, plan: VersionPlan): Promise<void> {
  const { entries, bill } = plan;
  const empty = !entries.length && !bill;
  const rows = [
    ...entries.map((e) => ({ kind: 'entry', chunkNo: e.chunkNo, ref: entryRef(settlementId, version, e.chunkNo, entries.length), amounts: e.amounts,
      lines: e.amounts.size + (e.clearingMinor !== 0n ? 1 : 0), clearing: e.clearingMinor })),
    ...(bill ? [{ kind: 'bill', chunkNo: 0, ref: billRef(settlementId, version), amounts: bill, lines: bill.size, clearing: 0n }] : []),
    ...(empty ? [{ kind: 'entry', chunkNo: 0, ref: entryRef(settlementId, version, 0, 0), amounts: new Map<string, bigint>(), lines: 0, clearing: 0n }] : []),
  ];
  await db.query(
    `insert into settlement_posting (backend_id, settlement_id, version, chunk_no, ref, content_hash, state, line_count, clearing_minor, amounts, kind)
     select $1, $2, $3, t.n, t.ref, $4, $5, t.lines, t.clearing, t.amounts, t.kind
       from unnest($6::int[], $7::text[], $8::int[], $9::bigint[], $10::jsonb[], $11::text[]) as t(n, ref, lines, clearing, amounts, kind)`,
    [backendId, settlementId, version, contentHash, empty ? 'posted' : 'creating',
      rows.map((e) => e.chunkNo), rows.map((e) => e.ref), rows.map((e) => e.lines), rows.map((e) => e.clearing.toString()),
      rows.map((e) => JSON.stringify(Object.fromEntries([...e.amounts].map(([k, v]) => [k, v.toString()])))), rows.map((e) => e.kind)],
  );
}

export async function markPosted(db: Db, backendId: number, settlementId: string, version: number, chunkNo: number, moveId: number): Promise<void> {
  await db.query(`update settlement_posting set state = 'posted', move_id = $5, updated_at = now()
                   where backend_id = $1 and settlement_id = $2 and version = $3 and chunk_no = $4`, [backendId, settlementId, version, chunkNo, moveId]);
}

export async function markReconciled(db: Db, backendId: number, settlementId: string, version: number, chunkNo: number): Promise<void> {
  await db.query(`update settlement_posting set reconciled_at = now(), updated_at = now()
                   where backend_id = $1 and settlement_id = $2 and version = $3 and chunk_no = $4`, [backendId, settlementId, version, chunkNo]);
}
