/**
 * The set-up a posting needs in the ERP, found by code or created (a freshly installed Odoo has none of it): the
 * "Amazon" general journal (`postingJournalCode`, AMZ) and one account per role (posting-accounts.ts, codes
 * overridable per backend), plus the accounts the backend names per amount type, which must exist (the connector
 * does not guess their type). Run before every posting: a person deleting or renaming one is noticed at once, and
 * finding them costs two reads.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import { postingGateway } from './erp/posting.gateway.ts';
import { ACCOUNT_DEFAULTS } from './posting-accounts.ts';
import { POSTING_ROLES, type PostingRole } from './posting.settings.ts';
import { ensureVendorBillSetup, type VendorBillSetup } from './vendor-bill-setup.ts';

export interface PostingSettings {
  postingJournalCode: string;
  postingAccountCodes: Readonly<Record<string, string>>;
  postingAccountsByType: Readonly<Record<string, string>>;
  postingFeesAs?: 'vendorBills' | 'journalLines';
  postingFeeVatRates?: Readonly<Record<string, number>>;
}
export interface PostingSetup {
  journalId: number; roles: Map<PostingRole, number>; codes: Map<string, number>; created: string[];
  /** Amazon's vendor bills' journal, vendor, payable account and VAT taxes (null with fees as journal lines). */
  bills: VendorBillSetup | null;
}

export async function ensurePostingSetup(erp: ErpPort, s: PostingSettings): Promise<PostingSetup> {
  const gw = postingGateway(erp);
  const created: string[] = [];
  let journal = await gw.findJournal(s.postingJournalCode);
  if (journal && journal.type !== 'general') {
    throw new PermanentError('SETTLEMENT_POSTING_SETUP', `the ERP's journal ${s.postingJournalCode} is a ${journal.type} journal, not a general (miscellaneous) one`,
      { journalCode: s.postingJournalCode, type: journal.type });
  }
  if (!journal) {
    journal = { id: await gw.createJournal(s.postingJournalCode, 'Amazon'), type: 'general' };
    created.push(`journal ${s.postingJournalCode}`);
  }
  const roleCode = (r: PostingRole) => s.postingAccountCodes[r] ?? ACCOUNT_DEFAULTS[r].code;
  const named = [...new Set(Object.values(s.postingAccountsByType))];
  const found = await gw.findAccounts([...new Set([...POSTING_ROLES.map(roleCode), ...named])]);
  // A role's account is created only under its default code: a code the backend names must exist already.
  const missing = POSTING_ROLES.filter((r) => !found.has(roleCode(r)));
  const namedMissing = [...missing.filter((r) => s.postingAccountCodes[r] !== undefined).map(roleCode), ...named.filter((c) => !found.has(c))];
  if (namedMissing.length) {
    throw new PermanentError('SETTLEMENT_POSTING_SETUP', `the ERP has no account with the code(s) ${namedMissing.join(', ')} named in the backend's settlement settings`,
      { codes: namedMissing });
  }
  const toCreate = missing.map((r) => ACCOUNT_DEFAULTS[r]);
  const ids = await gw.createAccounts(toCreate);
  toCreate.forEach((a, i) => {
    found.set(a.code, { id: ids[i]!, code: a.code, accountType: a.accountType, reconcile: a.reconcile });
    created.push(`account ${a.code}`);
  });
  for (const r of ['clearing', 'transfers'] as const) {
    const a = found.get(roleCode(r))!;
    if (!a.reconcile) {
      throw new PermanentError('SETTLEMENT_POSTING_SETUP', `the ERP's account ${a.code} (Amazon ${r}) does not allow reconciliation`, { code: a.code, role: r });
    }
  }
  const bills = s.postingFeesAs === 'vendorBills' ? await ensureVendorBillSetup(erp, s.postingFeeVatRates ?? {}, created) : null;
  return {
    journalId: journal.id, created, bills,
    roles: new Map(POSTING_ROLES.map((r) => [r, found.get(roleCode(r))!.id])),
    codes: new Map([...found.values()].map((a) => [a.code, a.id])),
  };
}
