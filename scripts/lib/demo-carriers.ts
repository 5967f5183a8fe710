/**
 * The demo's carrier map, set as an integrator would in the Marketplaces screen: the carriers the demo warehouse
 * ships with are made in the ERP once (as a person would in Odoo: a name and the delivery product), then rows go
 * through the connector's API (`PUT /api/backends/1/marketplace-settings/carriers`): every level -> DPD Classic,
 * NEXT_DAY -> GLS Business Parcel, EXPEDITED on Amazon.de -> DHL Paket. New merchant orders then reach the ERP with
 * that carrier, and their deliveries carry it (the warehouse keeps it). Only when the ERP's sales orders take a
 * carrier (module stock_delivery, which the demo's ERP sandbox starts with).
 */
import { connectOdoo } from '../../connector/src/erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../../connector/src/erp/odoo/odoo-client.ts';
import { connectorApi, ERP_URL, log } from './demo-context.ts';

/** The carriers of the demo's rows, by name (the warehouse, demo-warehouse.ts, ships with the same ones). */
export const DEMO_CARRIER_ROWS: Array<{ serviceLevel: string; marketplaceId?: string; carrier: string }> = [
  { serviceLevel: '*', carrier: 'DPD Classic' },
  { serviceLevel: 'NEXT_DAY', carrier: 'GLS Business Parcel' },
  { serviceLevel: 'EXPEDITED', marketplaceId: 'A1PA6795UKMFR9', carrier: 'DHL Paket' },
];

/** The ERP carrier named `name`, made once with the delivery product of the module's own carrier. */
export async function demoCarrierId(erp: OdooClient, name: string): Promise<number> {
  const [found] = await erp.search('delivery.carrier', [['name', '=', name]]);
  if (found) return found;
  const [standard] = await erp.searchRead('delivery.carrier', [], ['product_id'], { limit: 1, order: 'id asc' });
  if (!standard) throw new Error('the ERP has no delivery carrier: is stock_delivery installed?');
  return (await erp.create('delivery.carrier', [{ name, product_id: (standard.product_id as [number, string])[0], delivery_type: 'fixed' }]))[0]!;
}

export async function configureDemoCarriers(token: string, apiKey: string): Promise<void> {
  const settings = await connectorApi(token, 'GET', '/api/backends/1/marketplace-settings');
  const support = settings.ok ? ((await settings.json()) as { carrierSupport: string }).carrierSupport : `HTTP ${settings.status}`;
  if (support !== 'ok') return log(`carriers: not mapped (the ERP's sales orders take no carrier: ${support})`);
  const erp = await connectOdoo({ url: ERP_URL, database: 'demo', apiKey, transport: 'json2' });
  try {
    for (const row of DEMO_CARRIER_ROWS) {
      const carrierId = await demoCarrierId(erp, row.carrier);
      const res = await connectorApi(token, 'PUT', '/api/backends/1/marketplace-settings/carriers', { serviceLevel: row.serviceLevel, marketplaceId: row.marketplaceId ?? null, carrierId });
      if (!res.ok) log(`carriers: ${row.serviceLevel} not mapped: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
  } finally {
    await erp.close();
  }
  log(`carriers: new merchant orders get their carrier by Amazon's service level (${DEMO_CARRIER_ROWS.map((r) => `${r.serviceLevel}${r.marketplaceId ? ` on ${r.marketplaceId}` : ''} -> ${r.carrier}`).join(', ')}); see the Marketplaces screen`);
}
