/**
 * The backend settings model of this connector: core's namespaces (the quota gate's, privacy, every flow's go-live
 * controls) and each flow's own, composed once from `flows`. The API's schemas, the core services and every worker
 * use this one model.
 */
import { quotaSettings } from '../amazon/quota.settings.ts';
import { composeBackendSettings, erpSetupSettings, goLiveSettings, privacySettings, retentionSettings, type SettingsNamespace } from '../core/backend/settings/index.ts';
import { vatSettings } from '../core/vat/index.ts';
import { changeFeedSettings } from '../core/change-feed/index.ts';
import { erpCallsSettings } from '../erp/index.ts';
import { flows } from './flows.ts';
import { ordersSettings } from './orders/index.ts';

/**
 * The go-live namespace: one object per flow that works per backend (housekeeping has nothing to switch), or that
 * declares a switch of its own without tasks (buyer-messages: routes a person uses).
 */
export const goLive = goLiveSettings(flows.filter((f) => f.tasks.some((t) => t.perBackend !== false) || (f.tasks.length === 0 && f.goLive !== undefined)).map((f) => ({ name: f.name, enabledByDefault: f.goLive?.enabledByDefault ?? false })));

export const backendSettings = composeBackendSettings([
  quotaSettings,
  privacySettings,
  retentionSettings,
  vatSettings,
  erpSetupSettings,
  erpCallsSettings,
  changeFeedSettings,
  goLive,
  ...flows.flatMap((f): SettingsNamespace[] => (f.settings ? [f.settings] : [])),
]);
export { changeFeedSettings, erpCallsSettings, erpSetupSettings, ordersSettings, privacySettings, quotaSettings, retentionSettings, vatSettings };
