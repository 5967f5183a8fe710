/**
 * What Amazon's vendor bills need in the ERP (`settlements.postingFeesAs` = `vendorBills`), found or created, run
 * with the rest of the posting's set-up under its lock per backend (posting-setup.ts):
 *
 * - the company's first purchase journal (a fresh Odoo has "Purchases", BILL), created as AMZB "Amazon Bills" when
 *   the company has none;
 * - the vendor "Amazon" found by its `ref` AMAZON-FEES (a seller whose books already know Amazon as a supplier puts
 *   that ref on it), created when missing; an archived one is a set-up error (the bills would go to a partner a
 *   person retired); its payable account (Odoo's `property_account_payable_id`) is where the bill's total and the
 *   settlement's matching line go;
 * - one price-included purchase tax per VAT rate named in `postingFeeVatRates`, found by name
 *   ("Amazon fees VAT 20% incl.") or created in a tax group of the company's fiscal country; a tax of that name that
 *   is not price-included at that rate is a set-up error (the bill's total would no longer be Amazon's amount).
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import { vendorBillGateway } from './erp/vendor-bill.gateway.ts';

export const AMAZON_VENDOR_REF = 'AMAZON-FEES';
export const feeTaxName = (rate: number) => `Amazon fees VAT ${rate}% incl.`;

export interface VendorBillSetup { journalId: number; partnerId: number; payableAccountId: number; taxByRate: Map<number, number> }

const setupError = (message: string, details: Record<string, unknown>) => new PermanentError('SETTLEMENT_POSTING_SETUP', message, details);

export async function ensureVendorBillSetup(erp: ErpPort, vatRates: Readonly<Record<string, number>>, created: string[]): Promise<VendorBillSetup> {
  const gw = vendorBillGateway(erp);
  let journalId = await gw.purchaseJournal();
  if (journalId === null) {
    journalId = await gw.createPurchaseJournal('AMZB', 'Amazon Bills');
    created.push('journal AMZB');
  }
  let vendor = await gw.vendorByRef(AMAZON_VENDOR_REF);
  if (vendor && !vendor.active) {
    throw setupError(`the ERP's vendor with the reference ${AMAZON_VENDOR_REF} (Amazon's fee bills) is archived`, { partnerId: vendor.id, ref: AMAZON_VENDOR_REF });
  }
  if (!vendor) {
    const id = await gw.createVendor('Amazon', AMAZON_VENDOR_REF);
    created.push(`vendor Amazon (${AMAZON_VENDOR_REF})`);
    vendor = await gw.vendorByRef(AMAZON_VENDOR_REF);
    if (!vendor || vendor.id !== id) throw setupError(`the ERP did not find the vendor ${AMAZON_VENDOR_REF} it just created`, { partnerId: id });
  }
  if (vendor.payableAccountId === null) {
    throw setupError(`the ERP's vendor Amazon (${AMAZON_VENDOR_REF}) has no payable account`, { partnerId: vendor.id });
  }
  const rates = [...new Set(Object.values(vatRates).filter((r) => r > 0))].sort((a, b) => a - b);
  const found = await gw.purchaseTaxes(rates.map(feeTaxName));
  const taxByRate = new Map<number, number>();
  for (const r of rates) {
    const t = found.get(feeTaxName(r));
    if (!t) continue;
    if (!t.priceInclude || t.amountType !== 'percent' || Math.abs(t.amount - r) > 1e-9) {
      throw setupError(`the ERP's purchase tax "${feeTaxName(r)}" is not a price-included ${r} % tax`, { taxId: t.id, rate: r });
    }
    taxByRate.set(r, t.id);
  }
  const missing = rates.filter((r) => !taxByRate.has(r));
  if (missing.length) {
    const country = await gw.fiscalCountry();
    const group = await gw.taxGroup(country);
    if (group.created) created.push('tax group Amazon fees VAT');
    const ids = await gw.createPurchaseTaxes(missing.map((rate) => ({ name: feeTaxName(rate), rate, groupId: group.id, countryId: country })));
    missing.forEach((r, i) => {
      taxByRate.set(r, ids[i]!);
      created.push(`tax ${feeTaxName(r)}`);
    });
  }
  return { journalId, partnerId: vendor.id, payableAccountId: vendor.payableAccountId, taxByRate };
}
