/**
 * One Amazon seller account (region, seller id, marketplaces) bound to one ERP endpoint, and the encrypted
 * secrets it references. Per-seller settings live here, never in the environment.
 */
import { defineEntity, p } from '@mikro-orm/core';

export const Backend = defineEntity({
  name: 'Backend',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.text().unique(),
    amazonRegion: p.text(),
    sellerId: p.text(),
    marketplaceIds: p.array().columnType('text[]'),
    erpUrl: p.text(),
    erpDb: p.text(),
    /** '17' | '18' | '19' as configured, or null to detect from the ERP's /web/version. */
    erpVersion: p.text().nullable(),
    settings: p.json<Record<string, unknown>>().columnType('jsonb').defaultRaw(`'{}'::jsonb`),
    /** Ref of the `secret` row holding the Amazon and ERP credentials (never the credentials themselves). */
    credentialsRef: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

/** An encrypted blob (AES-256-GCM): `key_id` names the key that sealed it, so keys can rotate. */
export const Secret = defineEntity({
  name: 'Secret',
  properties: {
    ref: p.text().primary(),
    keyId: p.text(),
    sealed: p.blob(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
