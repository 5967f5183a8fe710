/** The ship-by risk list's API shapes (TypeBox, each with an `$id`: components of the OpenAPI document). */
import { Type, type Static } from 'typebox';
import { ref } from '../../../api/components.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';

export const ShipByRiskOrder = Type.Object(
  {
    amazonOrderId: Type.String(),
    marketplaceId: Type.String(),
    amazonStatus: Type.String({ description: 'UNSHIPPED or PARTIALLY_SHIPPED, as last fetched from Amazon' }),
    latestShipDate: IsoTime,
    hoursLeft: Type.Number({ description: 'hours until the latest ship time, to a tenth; negative once late' }),
    late: Type.Boolean(),
    syncState: Type.String({ description: "the order's import state (imported, waiting, conflict...)" }),
    erpOrder: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String()) }, { description: 'the ERP sales order, when bound' })),
  },
  { $id: 'ShipByRiskOrder' },
);
export type ShipByRiskOrderT = Static<typeof ShipByRiskOrder>;

export const ShipByRiskList = Type.Object(
  {
    backendId: Type.Integer(),
    asOf: IsoTime,
    thresholdHours: Type.Integer({ description: "the backend's shipments.shipByAlertHours" }),
    counts: Type.Object({ atRisk: Type.Integer(), late: Type.Integer() }, { description: 'totals, whatever the limit' }),
    atRisk: Type.Array(ref(ShipByRiskOrder), { description: 'not late yet, due within the threshold: soonest first' }),
    late: Type.Array(ref(ShipByRiskOrder), { description: 'past their latest ship time: longest overdue first' }),
  },
  { $id: 'ShipByRiskList' },
);
export type ShipByRiskListT = Static<typeof ShipByRiskList>;

/** The shapes the server registers for the route (`FlowDefinition.apiSchemas`). */
export const shipBySchemas = [ShipByRiskOrder, ShipByRiskList];
