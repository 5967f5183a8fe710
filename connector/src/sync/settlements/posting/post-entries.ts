/**
 * A settlement's entries as the ERP gets them (README.md, "Exactly once", step 3-4 of post-settlement.ts): each
 * ledger row left `creating` is looked up by its `ref` (a crash after the ERP's create: found, posted if still a
 * draft, never made twice), else its lines are built from the plan's amounts and the entry created and posted; then
 * the row is marked posted.
 */
import { minorToNumber } from '../../../core/money.ts';
import type { FlowJob } from '../../frame/flow.ts';
import type { EntryLine, PostingGateway } from './erp/posting.gateway.ts';
import { orderSides } from './order-receivables.ts';
import { billRef, markPosted, type LedgerRow } from './posting-ledger.ts';
import { BILL_KEY, DEPOSIT_KEY } from './posting-plan.ts';
import type { PostingSetup } from './posting-setup.ts';
import { withBalances, type EntryFx } from './entry-fx.ts';
import type { PostingRole } from './posting.settings.ts';

/** The label of an entry's order line, followed by the Amazon order id (the reconciliation reads it back). */
export const ORDER_LABEL = 'Amazon order ';

export interface EntryContext {
  env: Pick<FlowJob['env'], 'db' | 'core'>; gw: PostingGateway; setup: PostingSetup; backendId: number; settlementId: string;
  currency: string; currencyId: number; day: string;
  /** Test hook: runs after the ERP made an entry, before the ledger knows (a crash there must not post it twice). */
  hooks: { afterCreate?: (ref: string, moveId: number) => Promise<void> | void };
  outcome: { created: number; foundByRef: number };
  /** The settlement currency's rate for the entries' balances (entry-fx.ts), null in the company's currency. */
  fx: () => Promise<EntryFx | null>;
}

/** The `creating` rows: the ERP's entry found by ref (posted if still a draft), or made and posted; then marked. */
export async function createPending(ctx: EntryContext, ledger: readonly LedgerRow[]): Promise<void> {
  const pending = ledger.filter((r) => r.kind === 'entry' && r.state === 'creating');
  if (!pending.length) return;
  const found = new Map((await ctx.gw.entriesByRef(ctx.setup.journalId, pending.map((r) => r.ref))).map((e) => [e.ref, e]));
  for (const row of pending) {
    const existing = found.get(row.ref);
    let moveId: number;
    if (existing) {
      moveId = existing.id;
      ctx.outcome.foundByRef++;
      if (existing.state === 'draft') await ctx.gw.post([moveId]);
    } else {
      moveId = await ctx.gw.createEntry(ctx.setup.journalId, row.ref, ctx.day, ctx.currencyId, await linesOf(ctx, row));
      await ctx.hooks.afterCreate?.(row.ref, moveId);
      await ctx.gw.post([moveId]);
      ctx.outcome.created++;
    }
    await markPosted(ctx.env.db.pool, ctx.backendId, ctx.settlementId, row.version, row.chunkNo, moveId);
  }
}

/** The entry's lines: one per key of the plan, then its clearing line. */
async function linesOf(ctx: EntryContext, row: LedgerRow): Promise<EntryLine[]> {
  const keys = Object.keys(row.amounts);
  const orderIds = keys.filter((k) => k.startsWith('order:')).map((k) => k.slice(6));
  const sides = await orderSides(ctx.env.db.pool, ctx.env.core.binder, ctx.gw, ctx.backendId, orderIds);
  const role = (r: PostingRole) => ctx.setup.roles.get(r)!;
  const minors: bigint[] = [];
  const line = (account: number, name: string, minor: bigint, partner?: number): EntryLine => {
    minors.push(minor);
    return { account_id: account, name, amount_currency: minorToNumber(minor, ctx.currency), currency_id: ctx.currencyId, ...(partner ? { partner_id: partner } : {}) };
  };
  const lines = keys.map((k) => {
    const minor = BigInt(row.amounts[k]!);
    if (k.startsWith('order:')) {
      const side = sides.get(k.slice(6))?.account;
      return side ? line(side.accountId, `${ORDER_LABEL}${k.slice(6)}`, minor, side.partnerId) : line(role('unmatched'), `${ORDER_LABEL}${k.slice(6)}`, minor);
    }
    if (k === DEPOSIT_KEY) return line(role('transfers'), `Amazon settlement ${ctx.settlementId} deposit`, minor);
    // The version's fees, paid to Amazon: the other side of its vendor bill, reconciled with it once both are posted.
    if (k === BILL_KEY) return line(ctx.setup.bills!.payableAccountId, `Amazon settlement ${ctx.settlementId} fees (${billRef(ctx.settlementId, row.version)})`, minor, ctx.setup.bills!.partnerId);
    if (k.startsWith('code:')) return line(ctx.setup.codes.get(k.slice(5))!, `Amazon settlement ${ctx.settlementId} (${k.slice(5)})`, minor);
    return line(role(k.slice(5) as PostingRole), `Amazon settlement ${ctx.settlementId} ${k.slice(5)}`, minor);
  });
  // An entry that balances by itself (a correction moving money between two accounts) needs no clearing line.
  const all = row.clearingMinor === 0n ? lines : [...lines, line(role('clearing'), `Amazon settlement ${ctx.settlementId} clearing`, row.clearingMinor)];
  // In a foreign currency each item's company balance is sent, the clearing line (else the entry's last) taking the rounding.
  return withBalances(await ctx.fx(), all, minors, all.length - 1);
}

