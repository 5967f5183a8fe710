/**
 * The two sandboxes of the demo, started as child processes: the Amazon one (127.0.0.1:4010, generating orders) and
 * the ERP one (127.0.0.1:8069, Odoo 19 with its database on the demo's PostgreSQL); and the environment that
 * points the connector at them exactly as it would point at real accounts: LWA credentials, a refresh token and an
 * Odoo URL with an API key; only AMAZON_ENDPOINT_OVERRIDE sends the SP-API traffic to the sandbox.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { sellerEnv } from './seller-env.ts';
import { startTs, waitForHttp, type Child } from './processes.ts';
import { database } from './demo-database.ts';
import { AMAZON_URL, CONNECTOR_URL, ERP_PAGE_ORIGIN, ERP_URL, fileSecret } from './demo-context.ts';

export interface DemoSandboxes {
  /** The connector's variables for the demo seller and the ERP sandbox (bootstrap and backend settings). */
  connectorEnv: Record<string, string>;
}

/** Starts both sandboxes; `started` receives each child as soon as it is spawned (stopped with the demo). */
export async function startSandboxes(started: (c: Child) => void): Promise<DemoSandboxes> {
  const erpApiKey = fileSecret('erp-api-key', () => randomBytes(20).toString('hex'));
  const erpDb = await database('aec_erp_sandbox');
  // The secret the ERP's Amazon page signs the panel's tokens with, shared with the connector (issue 12; the ERP
  // page is opened on localhost, another site than the connector's 127.0.0.1, as a real ERP would be)
  const panelSecret = fileSecret('panel-embed-secret', () => randomBytes(32).toString('base64url'));
  const amazon = startTs('amazon', 'sandbox/amazon/src/main.ts', {
    env: { AMAZON_SANDBOX_PORT: '4010', AMAZON_SANDBOX_SEED: '1', AMAZON_SANDBOX_TIME_SCALE: '10', AMAZON_SANDBOX_SEED_ORDERS: '150', AMAZON_SANDBOX_ORDERS_PER_MINUTE: '12',
      // Issue 11: Amazon cancels open orders and buyers ask to cancel unshipped ones now and then (per hour, at
      // random among all open orders); feeds take 90 Amazon seconds, 9 real ones at the time scale.
      AMAZON_SANDBOX_CANCELLATIONS_PER_HOUR: '30', AMAZON_SANDBOX_BUYER_CANCEL_REQUESTS_PER_HOUR: '30', AMAZON_SANDBOX_FEED_SECONDS: '90',
      // Issue 16: the German seller's amazon.co.uk (GBP) payouts go to its EUR bank account (Amazon Currency Converter
      // for Sellers), so its GBP settlement's payout is a currency conversion (demo-settlements.ts prints it).
      AMAZON_SANDBOX_DEPOSIT_CURRENCIES: JSON.stringify({ [DEFAULT_SELLERS[0]!.sellerId]: { GBP: 'EUR' } }) },
  });
  const erp = startTs('erp', 'sandbox/erp/src/main.ts', {
    env: { ERP_SANDBOX_DATABASE_URL: erpDb, ERP_SANDBOX_PORT: '8069', ERP_SANDBOX_VERSION: '19', ERP_SANDBOX_API_KEY: erpApiKey, ERP_SANDBOX_MODULES: 'stock_delivery',
      ERP_SANDBOX_PANEL_URL: CONNECTOR_URL, ERP_SANDBOX_PANEL_SECRET: panelSecret },
  });
  started(amazon);
  started(erp);
  await Promise.all([waitForHttp(`${AMAZON_URL}/_sandbox/calls`, amazon), waitForHttp(`${ERP_URL}/web/version`, erp)]);
  const seller = DEFAULT_SELLERS[0]!;
  return {
    connectorEnv: {
      AMAZON_ENDPOINT_OVERRIDE: '127.0.0.1:4010',
      BACKEND_NAME: 'demo',
      ...sellerEnv(seller),
      ODOO_URL: ERP_URL,
      ODOO_DB: 'demo',
      ODOO_API_KEY: erpApiKey,
      // The demo seller is a German GmbH with Pan-EU stock in Poland and a UK registration; the set-up has the
      // integrator's consent to create what the ERP lacks (currencies, tax groups, VAT taxes, fiscal positions).
      // The ERP reaches the connector on loopback: its change feed installs webhook rules (base_automation, which
      // the set-up installs with the consent erpSetup.installModules) besides polling.
      CONNECTOR_PUBLIC_URL: CONNECTOR_URL,
      PANEL_EMBED_SECRET: panelSecret,
      PANEL_ERP_ORIGINS: ERP_PAGE_ORIGIN,
      BACKEND_SETTINGS: JSON.stringify({
        sweepIntervalSeconds: 15,
        erpSetup: { createMissing: true, installModules: true },
        vat: { companyCountry: 'DE', registrations: { PL: 'PL5260250274', GB: 'GB999999973' } },
        // FBA orders and pools (off by default): switched on through the API once the FBA listing's SKU is mapped
        // (switchFbaOn in demo-flows.ts), so the pools' one-time seed from the sandbox's FBA stock counts that
        // listing's units.
        fba: { deliveryIntervalSeconds: 15 },
      }),
    },
  };
}
