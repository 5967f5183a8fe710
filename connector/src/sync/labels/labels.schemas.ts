/** The labels flow's API shapes (TypeBox, each with an `$id`: components of the OpenAPI document). */
import { Type } from 'typebox';
import { IsoTime, Nullable } from '../../api/schemas.ts';

export const LabelBatchRequest = Type.Object(
  { pickingIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2147483647 }), { minItems: 1, maxItems: 5000, description: 'the ERP deliveries (stock.picking ids) to buy labels for' }) },
  // Inline in the route (no $id): request bodies are validated from the route's own schema.
  { additionalProperties: false },
);

export const LabelBatchProgress = Type.Object(
  {
    batchId: Type.String(),
    createdAt: IsoTime,
    total: Type.Integer(),
    labelled: Type.Integer({ description: 'deliveries with their label bought and attached' }),
    failed: Type.Integer({ description: 'deliveries whose label could not be bought (a conflict: see problems)' }),
    notEligible: Type.Integer({ description: 'deliveries that get no label (not ready, not a merchant Amazon order, tracking already written)' }),
    pending: Type.Integer(),
    done: Type.Boolean(),
    problems: Type.Array(Type.Object({ pickingId: Type.Integer(), state: Type.String(), code: Nullable(Type.String()) })),
  },
  { $id: 'LabelBatchProgress' },
);

export const LabelVoidResult = Type.Object(
  {
    pickingId: Type.Integer(),
    voided: Type.Array(Type.Object({ shipmentId: Type.String(), trackingId: Nullable(Type.String()) })),
  },
  { $id: 'LabelVoidResult' },
);

export const labelsSchemas = [LabelBatchProgress, LabelVoidResult];
