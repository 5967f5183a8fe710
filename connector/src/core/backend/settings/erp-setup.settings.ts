/**
 * The `erpSetup` namespace: what the set-up may change in the seller's ERP. Without consent it creates only what
 * is the connector's own (service products, the Amazon sales team, pricelists) and REPORTS everything else with
 * the steps to do it by hand; with consent it also activates currencies, creates tax groups, VAT taxes and fiscal
 * positions, and sets the company's tax rounding to per line. Core: every flow's set-up asks the same question.
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from './namespace.ts';

export const erpSetupSettings = defineSettingsNamespace({
  name: 'erpSetup',
  description: 'What the set-up may change in the ERP besides its own records',
  properties: {
    /**
     * The integrator's consent to let the set-up create or change accounting configuration in the ERP (currencies,
     * tax groups, taxes, fiscal positions, the company's tax rounding). A set-up run can also be given it once
     * (`POST /api/backends/:id/setup {"createMissing": true}`, `setup --create-missing`).
     */
    createMissing: Type.Boolean({
      default: false,
      description: 'let the set-up activate currencies and create tax groups, VAT taxes and fiscal positions, and set per-line tax rounding',
    }),
    /**
     * The integrator's consent to let the set-up install the ERP modules the flows need (`stock_delivery`,
     * `base_automation` for webhooks) with `button_immediate_install`; without it each missing one is reported
     * as MODULE_MISSING and the flows that need it wait.
     */
    installModules: Type.Boolean({
      default: false,
      description: 'let the set-up install the ERP modules the switched-on flows need (else MODULE_MISSING is reported)',
    }),
  },
});
