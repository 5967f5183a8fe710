/**
 * The backend settings model of this connector: core's namespaces and each flow's, composed once. The API's
 * schemas, the core services and every worker use this one model (the flow registry will list each flow's
 * namespace here).
 */
import { quotaSettings } from '../amazon/quota.settings.ts';
import { composeBackendSettings, privacySettings, retentionSettings } from '../core/backend/settings/index.ts';
import { ordersSettings } from './orders/orders.settings.ts';

export const backendSettings = composeBackendSettings([quotaSettings, privacySettings, retentionSettings, ordersSettings]);
export { ordersSettings, privacySettings, quotaSettings, retentionSettings };
