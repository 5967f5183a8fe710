/**
 * The payout's bank statement line (README.md, "The bank line"), once the settlement is posted and its payout
 * matched (`settlement.payout_state`), when `settlements.postingBankLine` is on; exactly once:
 *
 * 1. its `payment_ref` (`AMZ-SET <settlement> payout <trace id>`) written on the settlement, `creating`, BEFORE the
 *    ERP's create; a crash after the create finds the line by that ref in the bank journal;
 * 2. the line made: the payout's converted total in its currency (the bank journal's), on the fund transfer date;
 *    when the settlement is in another currency, that currency and the settlement's total as the line's foreign
 *    amount, so the two match in full in the settlement's currency and Odoo books the exchange difference;
 * 3. matched with the settlement's Amazon transfers items (bank-line.gateway.ts: the suspense item moved to Amazon
 *    transfers, then `reconcile`), every step skipped when the ERP shows it done, then `reconciled`, with the
 *    exchange difference entry Odoo's `reconcile` booked (the full reconcile's `exchange_move_id`) and its amount.
 */
import type pg from 'pg';
import { PermanentError } from '../../../core/errors.ts';
import { currencyExponent, minorToNumber, toMinor } from '../../../core/money.ts';
import { bankLineGateway } from './erp/bank-line.gateway.ts';
import type { PostingGateway } from './erp/posting.gateway.ts';
import { ledgerOf } from './posting-ledger.ts';

type Db = Pick<pg.Pool, 'query'>;
type Erp = Parameters<typeof bankLineGateway>[0];

/** waiting: no transferred payout yet; open: the line is made but not cleared in full; reconciled: done (now or before). */
export interface BankLineOutcome {
  state: 'waiting' | 'open' | 'reconciled'; created: boolean; foundByRef: boolean;
  /** The exchange difference entry booked by this run's match (gain positive, company currency minor units). */
  exchange?: ExchangeDifference;
}
export interface ExchangeDifference { moveId: number; minor: bigint; currency: string }

/** What the exchange entry moved on Amazon transfers, as a gain (+) or a loss (-) in the company's currency. */
async function exchangeOf(bank: ReturnType<typeof bankLineGateway>, itemId: number, transfersAccountId: number): Promise<ExchangeDifference | null> {
  const x = await bank.exchangeOf(itemId, transfersAccountId);
  if (!x) return null;
  const currency = await bank.companyCurrencyCode();
  if (currency === null) return null;
  return { moveId: x.moveId, minor: toMinor(x.balance.toFixed(currencyExponent(currency)), currency), currency };
}
export interface BankLineHooks { afterBankLine?: (ref: string, lineId: number) => Promise<void> | void }

interface Row {
  currency: string; totalMinor: bigint; ref: string | null; state: string | null; lineId: number | null;
  groupId: string; traceId: string | null; day: string | null; payoutMinor: bigint | null; payoutCurrency: string | null;
}

async function rowOf(db: Db, backendId: number, settlementId: string): Promise<Row | null> {
  const { rows: [r] } = await db.query(
    `select s.currency, s.total_minor, s.bank_line_ref, s.bank_line_state, s.bank_line_id, p.group_id, p.trace_id,
            to_char(p.fund_transfer_date at time zone 'UTC', 'YYYY-MM-DD') as day,
            coalesce(p.converted_minor, p.original_minor) as payout_minor, coalesce(p.converted_currency, p.original_currency) as payout_currency
       from settlement s join settlement_payout p on p.backend_id = s.backend_id and p.group_id = s.payout_group_id
      where s.backend_id = $1 and s.settlement_id = $2 and s.payout_state = 'matched' and p.fund_transfer_status = 'Succeeded'`, [backendId, settlementId]);
  if (!r) return null;
  return { currency: r.currency, totalMinor: BigInt(r.total_minor), ref: r.bank_line_ref, state: r.bank_line_state, lineId: r.bank_line_id, groupId: r.group_id,
    traceId: r.trace_id, day: r.day, payoutMinor: r.payout_minor === null ? null : BigInt(r.payout_minor), payoutCurrency: r.payout_currency };
}

const setup = (message: string, details: Record<string, unknown>) => new PermanentError('SETTLEMENT_BANK_LINE_SETUP', message, details);

export async function postBankLine(db: Db, erp: Erp, gw: PostingGateway, a: { backendId: number; settlementId: string; journalCode: string; transfersAccountId: number },
  hooks: BankLineHooks = {}): Promise<BankLineOutcome> {
  const r = await rowOf(db, a.backendId, a.settlementId);
  // No payout matched yet, or Amazon has not transferred it (FundTransferStatus Succeeded): the sweep queues the settlement again later.
  if (!r || r.day === null || r.payoutMinor === null || r.payoutCurrency === null) return { state: 'waiting', created: false, foundByRef: false };
  if (r.state === 'reconciled') return { state: 'reconciled', created: false, foundByRef: false };
  const bank = bankLineGateway(erp);
  const journal = await bank.findJournal(a.journalCode);
  if (!journal || journal.type !== 'bank') {
    throw setup(`the ERP has no bank journal with the code ${a.journalCode} (settlements.postingBankJournalCode)`, { journalCode: a.journalCode, type: journal?.type ?? null });
  }
  if (journal.suspenseAccountId === null) throw setup(`the ERP's bank journal ${a.journalCode} has no suspense account`, { journalCode: a.journalCode });
  const journalCurrency = journal.currencyId ?? await bank.companyCurrency();
  const payoutCurrency = await gw.currencyId(r.payoutCurrency);
  if (payoutCurrency === null || payoutCurrency !== journalCurrency) {
    throw setup(`the payout is in ${r.payoutCurrency}, the ERP's bank journal ${a.journalCode} is not`, { journalCode: a.journalCode, currency: r.payoutCurrency });
  }

  const outcome: BankLineOutcome = { state: 'open', created: false, foundByRef: false };
  let lineId = r.lineId;
  if (r.state === null || r.state === 'creating') {
    const ref = r.ref ?? `AMZ-SET ${a.settlementId} payout ${r.traceId ?? r.groupId}`;
    if (r.state === null) {
      await db.query(`update settlement set bank_line_ref = $3, bank_line_state = 'creating' where backend_id = $1 and settlement_id = $2 and bank_line_state is null`,
        [a.backendId, a.settlementId, ref]);
    }
    lineId = await bank.lineByRef(journal.id, ref);
    if (lineId === null) {
      const foreign = r.currency === r.payoutCurrency ? null : await gw.currencyId(r.currency);
      lineId = await bank.createLine({ journalId: journal.id, date: r.day, paymentRef: ref, amount: minorToNumber(r.payoutMinor, r.payoutCurrency),
        ...(foreign === null ? {} : { foreignCurrencyId: foreign, amountCurrency: minorToNumber(r.totalMinor, r.currency) }) });
      await hooks.afterBankLine?.(ref, lineId);
      outcome.created = true;
    } else {
      outcome.foundByRef = true;
    }
    await db.query(`update settlement set bank_line_state = 'created', bank_line_id = $3 where backend_id = $1 and settlement_id = $2`, [a.backendId, a.settlementId, lineId]);
  }

  // The suspense item becomes the Amazon transfers counterpart (a rerun finds it moved, or its entry left in draft).
  const entry = await bank.lineEntry(lineId!);
  const suspense = entry.items.filter((i) => i.accountId === journal.suspenseAccountId && !i.reconciled);
  if (suspense.length) {
    if (entry.state === 'posted') await bank.toDraft(entry.moveId);
    for (const i of suspense) await bank.moveItemTo(entry.moveId, i.id, a.transfersAccountId);
    await bank.post(entry.moveId);
  } else if (entry.state === 'draft') {
    await bank.post(entry.moveId);
  }
  const mine = (await bank.items([['move_id', '=', entry.moveId], ['account_id', '=', a.transfersAccountId], ['reconciled', '=', false]])).map((i) => i.id);
  const entries = (await ledgerOf(db, a.backendId, a.settlementId)).flatMap((l) => (l.moveId === null ? [] : [l.moveId]));
  const transfers = (await bank.items([['move_id', 'in', entries], ['account_id', '=', a.transfersAccountId], ['reconciled', '=', false]])).map((i) => i.id);
  if (mine.length && transfers.length) await bank.reconcile([...mine, ...transfers]);
  const open = await bank.items([['move_id', '=', entry.moveId], ['account_id', '=', a.transfersAccountId], ['reconciled', '=', false]]);
  // Not cleared in full (the payout and the settlement differ): left `created`, retried by the sweep, the residual visible in the ERP.
  if (open.length) return outcome;
  // The exchange difference Odoo booked (payout and settlement in different currencies, rates apart): kept with the line.
  // (read from the ERP, not this run: a crash after the match leaves it to the rerun)
  const [item] = await bank.items([['move_id', '=', entry.moveId], ['account_id', '=', a.transfersAccountId]]);
  const exchange = item ? await exchangeOf(bank, item.id, a.transfersAccountId) : null;
  await db.query(`update settlement set bank_line_state = 'reconciled', bank_line_exchange_move_id = $3, bank_line_exchange_minor = $4, bank_line_exchange_currency = $5
                   where backend_id = $1 and settlement_id = $2`, [a.backendId, a.settlementId, exchange?.moveId ?? null, exchange?.minor.toString() ?? null, exchange?.currency ?? null]);
  return { ...outcome, state: 'reconciled', ...(exchange ? { exchange } : {}) };
}
