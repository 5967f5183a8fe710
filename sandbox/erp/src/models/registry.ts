/** The registry of emulated models for one Odoo version. */
import type { ModelDef, Registry } from '../orm/types.ts';
import { accountMove, saleAdvancePaymentInv } from './account.ts';
import { accountMoveLine } from './account-move-line.ts';
import { accountMoveReversal } from './account-move-reversal.ts';
import { accountFullReconcile, accountPartialReconcile } from './account-reconcile.ts';
import { resCompany, resCountry, resCountryState, resCurrency, resPartner, resUsers } from './base.ts';
import { accountTax } from './account-tax.ts';
import { resCurrencyRate } from './currency-rate.ts';
import { accountFiscalPosition, resCountryGroup } from './fiscal-position.ts';
import { withModules } from './optional-modules.ts';
import { irActionsServer } from './ir-actions-server.ts';
import { irModel, irModelFields, irModelFieldsSelection } from './ir-model.ts';
import { irModuleModule } from './ir-module.ts';
import { irAttachment } from './ir-attachment.ts';
import { accountMoveSendWizard } from './account-move-send.ts';
import { withStockDelivery } from './delivery-carrier.ts';
import { accountPaymentTerm, crmTeam, productCategory, productPricelist, productProduct, productTemplate, uomUom } from './product.ts';
import { accountAccount } from './account-account.ts';
import { accountJournal } from './account-journal.ts';
import { accountPayment, accountPaymentMethod, accountPaymentMethodLine } from './account-payment.ts';
import { accountPaymentRegister } from './account-payment-register.ts';
import { accountBankStatementLine } from './bank-statement-line.ts';
import { irModelData, resGroups } from './res-groups.ts';
import { accountTaxGroup } from './tax-group.ts';
import { saleOrder, saleOrderLine } from './sale.ts';
import { createQuants, stockQuant } from './stock-quant.ts';
import { stockBackorderConfirmation, stockBackorderConfirmationLine, stockReturnPicking, stockReturnPickingLine } from './stock-wizards.ts';
import { stockWarehouseOrderpoint } from './stock-orderpoint.ts';
import { stockRoute, stockRule } from './stock-route.ts';
import { stockLocation, stockMove, stockMoveLine, stockPicking, stockPickingType, stockWarehouse } from './stock.ts';
import { resultPackageField, stockPackage } from './stock-package.ts';
import { mailMessage, messagePost } from './mail.ts';
import { mailActivity, mailActivityType } from './mail-activity.ts';
import { activitySchedule } from './thread-activity.ts';
import { saleOrderCancel } from './sale-order-cancel.ts';
import { withCustomFields, type CustomField } from './custom-fields.ts';

/**
 * Builds the registry: the same tables for both versions, field names as the version names them; optional modules
 * (e.g. `base_vat`) add their models and fields; `extend` builds the registry with more modules (installed at runtime).
 */
export function buildRegistry(version: 18 | 19, modules: ReadonlySet<string> = new Set(), custom: readonly CustomField[] = []): Registry {
  const quant: ModelDef = {
    ...stockQuant,
    methods: { ...stockQuant.methods, create: (env, _ids, kw) => createQuants(env, kw.vals_list as never) },
  };
  // mail.thread models: a note on the record (message_post), kept as a mail.message; activities (mail.activity.mixin)
  const thread = (m: ModelDef): ModelDef => ({ ...m, methods: { ...m.methods, message_post: messagePost(m.name), activity_schedule: activitySchedule(m.name) } });
  // Odoo 18 names a user's groups `groups_id` (19: `group_ids`), over the same column
  const users: ModelDef = version === 18
    ? { ...resUsers, fields: Object.fromEntries(Object.entries(resUsers.fields).map(([k, f]) => (k === 'group_ids' ? ['groups_id', { ...f, column: 'group_ids' }] : [k, f]))) }
    : resUsers;
  const models: ModelDef[] = [
    resCompany, users, resPartner, resCountry, resCountryState, resCurrency, uomUom, accountTax, accountJournal, crmTeam,
    productPricelist, productProduct, stockWarehouse, stockLocation, stockPickingType, thread(stockPicking), stockMove,
    // a move line's destination package: its model is named per version (stock.quant.package up to 18, stock.package in 19)
    { ...stockMoveLine, fields: { ...stockMoveLine.fields, result_package_id: resultPackageField(version) } }, stockPackage(version), quant,
    stockRoute, stockRule, stockWarehouseOrderpoint,
    stockBackorderConfirmation, stockBackorderConfirmationLine, stockReturnPicking, stockReturnPickingLine, thread(saleOrder()), saleOrderLine(version), accountMove,
    accountMoveLine, saleAdvancePaymentInv, accountMoveReversal, accountMoveSendWizard, irAttachment, accountPartialReconcile, accountFullReconcile,
    // taxes, tax groups, fiscal positions and currency rates (a fresh Odoo's tax world)
    // Odoo 18 names an account "code name", 19 by its name alone
    version === 18 ? { ...accountAccount, displayName: (a) => `coalesce(${a}.code || ' ', '') || ${a}.name` } : accountAccount,
    accountTaxGroup, accountFiscalPosition, resCountryGroup, resCurrencyRate,
    // payments, the register-payment wizard, bank statement lines, and the access groups the latter need
    accountPaymentMethod, accountPaymentMethodLine, accountPayment, accountPaymentRegister, accountBankStatementLine, resGroups, irModelData,
    // catalogue and terms a mapping editor lists (fields_get): templates, categories, payment terms
    productTemplate, productCategory, accountPaymentTerm,
    // introspection, server actions and modules (base): what automation rules and module checks use
    irModel, irModelFields, irModelFieldsSelection, irActionsServer, irModuleModule,
    // the chatter and activities; 17/18 confirm an order's cancellation through a wizard that 19 no longer has
    mailMessage, mailActivityType, mailActivity, ...(version === 18 ? [saleOrderCancel] : []),
  ];
  return {
    version, modules, models: new Map(withCustomFields(withStockDelivery(withModules(models, modules), modules), custom).map((m) => [m.name, m])),
    extend: (more) => buildRegistry(version, more, custom),
  };
}
