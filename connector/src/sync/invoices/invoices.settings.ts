/**
 * The `invoices` namespace. Whether the flow runs at all is its go-live switch (`goLive.invoices.enabled`, on by
 * default: the flow only acts on shipments the shipments and FBA flows confirm).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const invoicesSettings = defineSettingsNamespace({
  name: 'invoices',
  description: 'Customer invoices of shipped orders',
  properties: {
    /** Orders per wizard call and invoices per posting call (fewer when the ERP's pacing says so for posting). */
    batchSize: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'orders per invoicing call, invoices per posting call (1-200)' }),
    /**
     * Sellers who issue their own VAT invoices (not Amazon's VAT calculation service) must give buyers the PDF on
     * Amazon: each invoice posted while this is on has its PDF (Odoo's, through Send & Print) uploaded once
     * through the Feeds core (`UPLOAD_VAT_INVOICE`). Invoices posted before it was switched on are not.
     */
    uploadVatInvoices: Type.Boolean({ default: false, description: 'upload the PDF of each invoice posted from now on to Amazon (UPLOAD_VAT_INVOICE feed), once' }),
  },
});
