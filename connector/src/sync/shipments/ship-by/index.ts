/**
 * The ship-by risk list of the shipments flow: what `shipments.flow.ts` wires in (see README.md): the admin route
 * and its schemas, the settings field of its threshold, the /metrics gauge.
 */
export { shipByRoutes } from './ship-by.routes.ts';
export { ShipByRiskList, ShipByRiskOrder, shipBySchemas, type ShipByRiskListT, type ShipByRiskOrderT } from './ship-by.schemas.ts';
export { SHIP_BY_DEFAULT_HOURS, shipByHoursOf, shipBySettingsFields } from './ship-by.settings.ts';
export { shipByMetrics } from './ship-by.metrics.ts';
export { countAtRisk, listAtRisk, shippedAmong, type AtRiskList, type AtRiskRow } from './ship-by.queries.ts';
