/**
 * The backend settings model of this connector: core's namespaces (the quota gate's, privacy, every flow's go-live
 * controls) and each flow's own, composed once from `flows`. The API's schemas, the core services and every worker
 * use this one model.
 */
import { quotaSettings } from '../amazon/quota.settings.ts';
import { composeBackendSettings, goLiveSettings, privacySettings, type SettingsNamespace } from '../core/backend/settings/index.ts';
import { flows } from './flows.ts';
import { ordersSettings } from './orders/index.ts';

/** The go-live namespace: one object per flow of the list. */
export const goLive = goLiveSettings(flows.map((f) => ({ name: f.name, enabledByDefault: f.goLive?.enabledByDefault ?? false })));

export const backendSettings = composeBackendSettings([
  quotaSettings,
  privacySettings,
  goLive,
  ...flows.flatMap((f): SettingsNamespace[] => (f.settings ? [f.settings] : [])),
]);
export { ordersSettings, privacySettings, quotaSettings };
