/** /api/backends/:id/marketplace-settings and /erp-choices/:kind: the marketplace screen (the order flow's own tables). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { BackendId } from '../../../api/schemas.ts';
import { BackendIdParams, notFound, upstream } from '../../../api/routes/common.ts';
import { actorOf } from '../../../api/access.ts';
import type { MarketplacesApiService } from './marketplaces.service.ts';
import { Country, ErpChoiceKind, ErpChoiceView, FiscalPositionRow, MarketplaceIdText, MarketplaceSettingsView, MarketplaceValues, RateText, Regime, TaxRow } from './marketplaces.schemas.ts';
import { carrierRoutes } from './carriers.routes.ts';

/** The routes over `svc` (mounted under /api with the order flow's). */
export function marketplaceRoutes(svc: MarketplacesApiService): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['marketplaces'];
    const read = { access: 'read' as const };
    const write = { access: 'write' as const };
    const answer = { 200: ref(MarketplaceSettingsView), ...notFound, ...upstream };
    app.get(
      '/backends/:id/marketplace-settings',
      { config: read, schema: { tags, summary: "Each marketplace's warehouse, pricelist, team and currency; the tax and fiscal position tables; the customer strategy", params: BackendIdParams, response: { 200: ref(MarketplaceSettingsView), ...notFound } } },
      (req) => svc.get(req.params.id),
    );
    app.put(
      '/backends/:id/marketplace-settings/marketplaces/:marketplaceId',
      {
        config: write,
        schema: {
          tags,
          summary: "Sets a marketplace's ERP warehouse, pricelist, sales team and currency (audited; the next order uses them)",
          description: "400 MARKETPLACE_UNKNOWN for a marketplace not of the backend; 422 MAPPING_TARGET_NOT_FOUND when the ERP lacks a record named.",
          params: Type.Object({ id: BackendId, marketplaceId: MarketplaceIdText }),
          body: MarketplaceValues,
          response: answer,
        },
      },
      (req) => svc.putMarketplace(req.params.id, req.params.marketplaceId, req.body, actorOf(req)),
    );
    app.put(
      '/backends/:id/marketplace-settings/taxes',
      {
        config: write,
        schema: {
          tags,
          summary: 'Adds or replaces a tax row: (VAT regime, ship-to country, rate, marketplace or any) -> ERP tax (audited)',
          description: "A marketplace's row wins over the any-marketplace row of the same regime, country and rate. 400 MARKETPLACE_UNKNOWN for a marketplace not of the backend; 422 MAPPING_TARGET_NOT_FOUND when the ERP lacks the tax.",
          params: BackendIdParams,
          body: TaxRow,
          response: answer,
        },
      },
      (req) => svc.putTax(req.params.id, req.body, actorOf(req)),
    );
    app.delete(
      '/backends/:id/marketplace-settings/taxes',
      {
        config: write,
        schema: {
          tags,
          summary: 'Removes a tax row (audited)',
          params: BackendIdParams,
          querystring: Type.Object({ regime: Regime, country: Country, rate: RateText, marketplaceId: Type.Optional(MarketplaceIdText) }),
          response: answer,
        },
      },
      (req) => svc.removeTax(req.params.id, req.query, actorOf(req)),
    );
    app.put(
      '/backends/:id/marketplace-settings/fiscal-positions',
      {
        config: write,
        schema: {
          tags,
          summary: 'Sets the fiscal position of a (VAT regime, ship-to country, marketplace or any); null for none (audited)',
          description: "A marketplace's row wins over the any-marketplace row. 400 MARKETPLACE_UNKNOWN; 422 MAPPING_TARGET_NOT_FOUND.",
          params: BackendIdParams,
          body: FiscalPositionRow,
          response: answer,
        },
      },
      (req) => svc.putFiscalPosition(req.params.id, req.body, actorOf(req)),
    );
    app.delete(
      '/backends/:id/marketplace-settings/fiscal-positions',
      {
        config: write,
        schema: {
          tags,
          summary: "Removes a marketplace's own fiscal position row (its orders take the any-marketplace row again; audited)",
          params: BackendIdParams,
          querystring: Type.Object({ regime: Regime, country: Country, marketplaceId: MarketplaceIdText }),
          response: answer,
        },
      },
      (req) => svc.removeFiscalPosition(req.params.id, req.query, actorOf(req)),
    );
    carrierRoutes(root, svc);
    app.get(
      '/backends/:id/erp-choices/:kind',
      {
        config: read,
        schema: {
          tags,
          summary: "The ERP's warehouses, pricelists, sales teams, fiscal positions, carriers or sales taxes, for the pickers (at most 500, by name)",
          description: "carriers: 422 MODULE_MISSING when the ERP's sales orders take no carrier (module stock_delivery).",
          params: Type.Object({ id: BackendId, kind: ErpChoiceKind }),
          response: { 200: Type.Array(ref(ErpChoiceView)), ...notFound, ...upstream },
        },
      },
      (req) => svc.choices(req.params.id, req.params.kind),
    );
  };
}
