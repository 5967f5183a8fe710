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
     * Amazon (`UPLOAD_VAT_INVOICE` feed). Declared here; the upload comes with the Feeds core (issue 11): until then
     * this setting changes nothing.
     */
    uploadVatInvoices: Type.Boolean({ default: false, description: 'upload each posted invoice PDF to Amazon (UPLOAD_VAT_INVOICE; comes with the Feeds core, issue 11: no effect yet)' }),
  },
});
