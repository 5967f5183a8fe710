/** The carrier map's routes (under /api, with the marketplace screen's): Amazon shipping service level -> ERP carrier. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { BackendIdParams, notFound, upstream } from '../../../api/routes/common.ts';
import { actorOf } from '../../../api/access.ts';
import type { MarketplacesApiService } from './marketplaces.service.ts';
import { CarrierRow, MarketplaceIdText, MarketplaceSettingsView, ServiceLevel } from './marketplaces.schemas.ts';


/** Adds the routes to `root` (the marketplace routes' instance: same prefix and hooks). */
export function carrierRoutes(root: FastifyInstance, svc: MarketplacesApiService): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['marketplaces'];
  const answer = { 200: ref(MarketplaceSettingsView), ...notFound, ...upstream };
  app.put(
    '/backends/:id/marketplace-settings/carriers',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Adds or replaces a carrier row: (shipping service level or *, marketplace or any) -> ERP delivery.carrier (audited; the next new order uses it)',
        description:
          'The most specific row gives a new merchant order its carrier: (level, marketplace), (level, any), (*, marketplace), (*, any); none: no carrier. ' +
          "400 MARKETPLACE_UNKNOWN for a marketplace not of the backend; 422 MODULE_MISSING when the ERP's sales orders take no carrier (module stock_delivery); 422 MAPPING_TARGET_NOT_FOUND when the ERP lacks the carrier.",
        params: BackendIdParams,
        body: CarrierRow,
        response: answer,
      },
    },
    (req) => svc.putCarrier(req.params.id, req.body, actorOf(req)),
  );
  app.delete(
    '/backends/:id/marketplace-settings/carriers',
    {
      config: { access: 'write' },
      schema: {
        tags,
        summary: 'Removes a carrier row (audited)',
        params: BackendIdParams,
        querystring: Type.Object({ serviceLevel: ServiceLevel, marketplaceId: Type.Optional(MarketplaceIdText) }),
        response: answer,
      },
    },
    (req) => svc.removeCarrier(req.params.id, req.query, actorOf(req)),
  );
}
