/** The `shipments` namespace: the ship-by alert threshold (ship-by/); the switch itself is the flow's go-live. */
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';
import { shipBySettingsFields } from './ship-by/index.ts';

export const shipmentsSettings = defineSettingsNamespace({
  name: 'shipments',
  description: 'Merchant-fulfilled shipments confirmed to Amazon',
  properties: { ...shipBySettingsFields },
});
