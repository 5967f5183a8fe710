/**
 * The Reports API 2021-06-30 shapes the connector sends and reads (reports_2021-06-30.json), as TypeBox schemas:
 * requests checked before any quota is spent (no unknown field), answers before they are believed (open to the
 * fields Amazon adds).
 */
import { Type, type Static } from 'typebox';
import { ProcessingStatus } from './feeds-models.ts';

export { ProcessingStatus };

/** The model's `Report`. */
export const Report = Type.Object({
  reportId: Type.String({ minLength: 1 }),
  reportType: Type.String({ minLength: 1 }),
  marketplaceIds: Type.Optional(Type.Array(Type.String())),
  dataStartTime: Type.Optional(Type.String({ format: 'date-time' })),
  dataEndTime: Type.Optional(Type.String({ format: 'date-time' })),
  reportScheduleId: Type.Optional(Type.String()),
  createdTime: Type.String({ format: 'date-time' }),
  processingStatus: ProcessingStatus,
  processingStartTime: Type.Optional(Type.String({ format: 'date-time' })),
  processingEndTime: Type.Optional(Type.String({ format: 'date-time' })),
  reportDocumentId: Type.Optional(Type.String({ minLength: 1 })),
});
export type Report = Static<typeof Report>;

export const GetReportsResponse = Type.Object({ reports: Type.Array(Report), nextToken: Type.Optional(Type.String({ minLength: 1 })) });

/** The model's `CreateReportSpecification` (1 to 25 marketplaces; reportOptions string values). */
export const CreateReportSpecification = Type.Object(
  {
    reportType: Type.String({ minLength: 1 }),
    marketplaceIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 25 }),
    dataStartTime: Type.Optional(Type.String({ format: 'date-time' })),
    dataEndTime: Type.Optional(Type.String({ format: 'date-time' })),
    reportOptions: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);
export type CreateReportSpecification = Static<typeof CreateReportSpecification>;

export const CreateReportResponse = Type.Object({ reportId: Type.String({ minLength: 1 }) });

/** The model's `ReportDocument` (GZIP is the only compression it names; the url expires after 5 minutes). */
export const ReportDocument = Type.Object({
  reportDocumentId: Type.String({ minLength: 1 }),
  url: Type.String({ minLength: 1 }),
  compressionAlgorithm: Type.Optional(Type.Literal('GZIP')),
});
export type ReportDocument = Static<typeof ReportDocument>;

/** getReports' filters (reportTypes is required unless paging: at most 10 types and marketplaces, page 1-100). */
export const GetReportsQuery = Type.Object(
  {
    reportTypes: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10 }),
    marketplaceIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    processingStatuses: Type.Optional(Type.Array(ProcessingStatus, { minItems: 1 })),
    createdSince: Type.Optional(Type.String({ format: 'date-time' })),
    createdUntil: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type GetReportsQuery = Static<typeof GetReportsQuery>;
