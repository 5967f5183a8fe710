/** The ERP port and its Odoo adapter: what the rest of the connector imports. */
export type * from './erp-port.ts';
export { companyDomain } from './erp-port.ts';
export { dialectFor, MIN_SUPPORTED_MAJOR, type ErpDialect, type ErpVersion } from './dialect.ts';
export { connectOdoo, type ConnectOptions } from './odoo/connect-odoo.ts';
export { OdooClient } from './odoo/odoo-client.ts';
export { OdooConnectionSchema, parseOdooConnection, type OdooConnection } from './odoo/odoo-config.ts';
export { erpCallsSettings } from './erp-calls.settings.ts';
export { createErpPacing, DEFAULT_PACING, endpointKey, type ErpPacing, type PacingSettings } from './erp-pacing.ts';
