/**
 * The `fbaStock` namespace: how often each pool is compared, and how much drift the connector may apply to the ERP
 * without a person (both limits must allow it; 0 = every drift waits for approval, the default).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const fbaStockSettings = defineSettingsNamespace({
  name: 'fbaStock',
  description: "FBA stock: Amazon's inventory snapshots per pool compared with the pool's ERP warehouse",
  properties: {
    /** Minutes between two snapshots of a pool (notifications add snapshots in between). */
    snapshotIntervalMinutes: Type.Integer({ minimum: 5, maximum: 1440, default: 60, description: 'minutes between two snapshots of each FBA pool (5-1440)' }),
    /** A drift of at most this many units (per product and location) may be applied without approval. */
    autoApplyMaxUnits: Type.Integer({ minimum: 0, maximum: 100000, default: 0, description: 'largest drift (units) applied to the ERP without approval; 0 = never' }),
    /** ... and of at most this share of the ERP's quantity (percent; a location holding 0 allows none). */
    autoApplyMaxPercent: Type.Number({ minimum: 0, maximum: 100, default: 0, description: "largest drift, in percent of the ERP's quantity, applied without approval; 0 = never" }),
  },
});
