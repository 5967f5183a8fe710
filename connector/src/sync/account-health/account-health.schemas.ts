/** The account-health API's named schemas (the OpenAPI document's components, the panel's types). */
import { Type } from 'typebox';
import { ref } from '../../api/components.ts';
import { IsoTime } from '../../api/schemas.ts';

const Metric = Type.String({ description: 'orderDefectRate (merchant-fulfilled), orderDefectRateAfn, lateShipmentRate, preFulfillmentCancellationRate, validTrackingRate, onTimeDeliveryRate, policyWarnings' });

export const HealthRatePoint = Type.Object(
  {
    periodFrom: IsoTime,
    periodTo: IsoTime,
    count: Type.Integer({ description: 'what the rate counts (defects, late shipments, valid tracking numbers...)' }),
    total: Type.Integer({ description: 'out of (orders, shipments)' }),
    rate: Type.Number({ description: "Amazon's rate, a fraction (0.01 = 1 %)" }),
    status: Type.String({ description: "Amazon's verdict: GOOD, BAD or NONE" }),
    readAt: IsoTime,
  },
  { $id: 'HealthRatePoint' },
);

export const HealthRateSeries = Type.Object(
  {
    marketplaceId: Type.String(),
    metric: Metric,
    label: Type.String(),
    /** The connector's threshold where it watches the rate, else Amazon's target. */
    target: Type.Object({ value: Type.Number(), condition: Type.String({ description: 'below | atLeast | EQUALS (Amazon target)' }), watched: Type.Boolean() }),
    warnAt: Type.Union([Type.Number(), Type.Null()], { description: 'the rate from which the connector warns (null: not watched)' }),
    level: Type.String({ description: 'the latest period against the threshold: ok, warn, breach (or none: no orders)' }),
    advice: Type.String(),
    points: Type.Array(ref(HealthRatePoint)),
  },
  { $id: 'HealthRateSeries' },
);

export const HealthHistory = Type.Object(
  { warnMargin: Type.Number(), series: Type.Array(ref(HealthRateSeries)) },
  { $id: 'HealthHistory' },
);

export const HealthIndicatorOrder = Type.Object(
  { amazonOrderId: Type.String(), at: IsoTime, note: Type.String() },
  { $id: 'HealthIndicatorOrder' },
);

export const HealthIndicator = Type.Object(
  {
    key: Type.String({ description: 'atRisk, confirmedLate, trackingRefused, sellerCancelled' }),
    label: Type.String(),
    count: Type.Integer(),
    orders: Type.Array(ref(HealthIndicatorOrder), { description: 'at most 100' }),
    advice: Type.String({ description: 'what to do next' }),
  },
  { $id: 'HealthIndicator' },
);

export const HealthIndicators = Type.Object({ asOf: IsoTime, indicators: Type.Array(ref(HealthIndicator)) }, { $id: 'HealthIndicators' });

export const HealthAlert = Type.Object(
  {
    id: Type.Integer(),
    marketplaceId: Type.String(),
    metric: Metric,
    periodFrom: IsoTime,
    periodTo: IsoTime,
    level: Type.String({ description: 'warn (within the margin) or breach (past the threshold)' }),
    rate: Type.Number(),
    threshold: Type.Number(),
    raisedAt: IsoTime,
    activityState: Type.String({ description: 'pending, created, no_user (the login is unknown to the ERP), off (no user set), done (the rate recovered: the activity marked done), recovered (the rate recovered before the activity was made)' }),
    erpActivityId: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'HealthAlert' },
);

export const HealthAlerts = Type.Object({ items: Type.Array(ref(HealthAlert)) }, { $id: 'HealthAlerts' });

export const accountHealthApiSchemas = [HealthRatePoint, HealthRateSeries, HealthHistory, HealthIndicatorOrder, HealthIndicator, HealthIndicators, HealthAlert, HealthAlerts];
