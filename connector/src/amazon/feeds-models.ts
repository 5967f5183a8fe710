/**
 * The Feeds API 2021-06-30 shapes the connector sends and reads (feeds_2021-06-30.json), as TypeBox schemas: the
 * requests are checked before any quota is spent, the answers before anything is believed. Unknown properties in
 * answers are allowed (Amazon adds fields); requests allow none (a misspelt field must fail here, not at Amazon).
 */
import { Type, type Static } from 'typebox';

export const ProcessingStatus = Type.Union([
  Type.Literal('CANCELLED'),
  Type.Literal('DONE'),
  Type.Literal('FATAL'),
  Type.Literal('IN_PROGRESS'),
  Type.Literal('IN_QUEUE'),
]);
export type ProcessingStatus = Static<typeof ProcessingStatus>;

/** The model's `Feed`. */
export const Feed = Type.Object({
  feedId: Type.String({ minLength: 1 }),
  feedType: Type.String({ minLength: 1 }),
  marketplaceIds: Type.Optional(Type.Array(Type.String())),
  createdTime: Type.String({ format: 'date-time' }),
  processingStatus: ProcessingStatus,
  processingStartTime: Type.Optional(Type.String({ format: 'date-time' })),
  processingEndTime: Type.Optional(Type.String({ format: 'date-time' })),
  resultFeedDocumentId: Type.Optional(Type.String({ minLength: 1 })),
});
export type Feed = Static<typeof Feed>;

export const GetFeedsResponse = Type.Object({ feeds: Type.Array(Feed), nextToken: Type.Optional(Type.String({ minLength: 1 })) });

/** The model's `CreateFeedSpecification` (1 to 25 marketplaces; feedOptions string values). */
export const CreateFeedSpecification = Type.Object(
  {
    feedType: Type.String({ minLength: 1 }),
    marketplaceIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 25 }),
    inputFeedDocumentId: Type.String({ minLength: 1 }),
    feedOptions: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);
export type CreateFeedSpecification = Static<typeof CreateFeedSpecification>;

export const CreateFeedResponse = Type.Object({ feedId: Type.String({ minLength: 1 }) });

export const CreateFeedDocumentSpecification = Type.Object({ contentType: Type.String({ minLength: 1 }) }, { additionalProperties: false });

export const CreateFeedDocumentResponse = Type.Object({ feedDocumentId: Type.String({ minLength: 1 }), url: Type.String({ minLength: 1 }) });
export type CreateFeedDocumentResponse = Static<typeof CreateFeedDocumentResponse>;

/** The model's `FeedDocument` (GZIP is the only compression it names). */
export const FeedDocument = Type.Object({
  feedDocumentId: Type.String({ minLength: 1 }),
  url: Type.String({ minLength: 1 }),
  compressionAlgorithm: Type.Optional(Type.Literal('GZIP')),
});
export type FeedDocument = Static<typeof FeedDocument>;

/** getFeeds' filters (the model's query parameters; at most 10 feed types and marketplaces, page size 1-100). */
export const GetFeedsQuery = Type.Object(
  {
    feedTypes: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10 })),
    marketplaceIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 10 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    processingStatuses: Type.Optional(Type.Array(ProcessingStatus, { minItems: 1 })),
    createdSince: Type.Optional(Type.String({ format: 'date-time' })),
    createdUntil: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type GetFeedsQuery = Static<typeof GetFeedsQuery>;
